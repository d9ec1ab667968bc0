package io.interpose.host.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** Renewal: when a certificate is due, and a TLS server that presents the renewed one from then on. */
class RenewingKeyManagerTest {
    private final TestCa ca = new TestCa();
    private final HostIdentity identity = ca.host("host-1");

    @Test
    void aServerPresentsTheRenewedCertificateToConnectionsMadeAfterTheUpdate() throws Exception {
        RenewingKeyManager keys = new RenewingKeyManager(identity);
        HostIdentity renewal = identity.renewed(ca.signRequest(Enrolment.certificateRequest("host-1", identity.keyPair())));

        BigInteger before = serialPresented(keys.serverContext());
        keys.update(renewal);
        BigInteger after = serialPresented(keys.serverContext());

        assertThat(before).isEqualTo(identity.certificate().getSerialNumber());
        assertThat(after).isEqualTo(renewal.certificate().getSerialNumber());
    }

    @Test
    void renewalIsDueWhenLessThanAThirdOfTheValidityIsLeft() {
        X509Certificate certificate = identity.certificate();
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());

        assertThat(identity.renewalDue(certificate.getNotBefore().toInstant())).isFalse();
        assertThat(identity.renewalDue(certificate.getNotAfter().toInstant().minus(validity.dividedBy(3)).minusSeconds(60))).isFalse();
        assertThat(identity.renewalDue(certificate.getNotAfter().toInstant().minus(validity.dividedBy(3)).plusSeconds(60))).isTrue();
        assertThat(identity.renewalDue(certificate.getNotAfter().toInstant().plusSeconds(1))).isTrue();
    }

    @Test
    void aRenewedCertificateForAnotherKeyIsRefused() {
        X509Certificate otherKey = ca.host("host-1").certificate();

        assertThatThrownBy(() -> identity.renewed(otherKey)).isInstanceOf(EnrolmentException.class).hasMessageContaining("another key");
    }

    private BigInteger serialPresented(SSLContext server) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, identity.trustManagers(), new SecureRandom());
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    socket.getOutputStream().write(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                socket.startHandshake();
                socket.getInputStream().read();
                accepted.get(10, TimeUnit.SECONDS);
                return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        }
    }
}

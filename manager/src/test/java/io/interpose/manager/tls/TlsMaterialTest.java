package io.interpose.manager.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void firstStartWritesTheCaTheKeystoreAndAnOwnerOnlyPassword() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of("manager.example.org"));

        assertThat(dir.resolve("ca.pem")).content().startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(tls.caCertificate()).isEqualTo(dir.resolve("ca.pem"));
        assertThat(tls.keyStorePath()).isEqualTo(dir.resolve("server.p12"));
        assertThat(dir.resolve("keystore.password")).content().isEqualToIgnoringNewLines(
                new String(tls.keyStorePassword()));
        for (String secret : List.of("keystore.password", "server.p12", "ca.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
        assertThat(tls.keyStore().isKeyEntry(TlsMaterial.SERVER_ALIAS)).isTrue();
        assertThat(tls.keyStore().getKey(TlsMaterial.SERVER_ALIAS, tls.keyStorePassword())).isNotNull();
    }

    @Test
    void laterStartsReuseTheSameCertificates() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, List.of("manager.example.org"));
        byte[] caPem = Files.readAllBytes(dir.resolve("ca.pem"));
        byte[] keystore = Files.readAllBytes(dir.resolve("server.p12"));

        TlsMaterial second = TlsMaterial.loadOrCreate(dir, List.of("manager.example.org"));

        assertThat(second.serverCertificate().getSerialNumber()).isEqualTo(first.serverCertificate().getSerialNumber());
        assertThat(second.keyStorePassword()).isEqualTo(first.keyStorePassword());
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(caPem);
        assertThat(Files.readAllBytes(dir.resolve("server.p12"))).isEqualTo(keystore);
    }

    @Test
    void theServerCertificateChainsToTheCaInCaPem() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of());
        X509Certificate ca = readPem(tls.caCertificate());
        X509Certificate server = tls.serverCertificate();

        server.verify(ca.getPublicKey());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);

        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(tls.keyStore().getCertificateChain(TlsMaterial.SERVER_ALIAS)).containsExactly(server, ca);
    }

    @Test
    void theServerCertificateNamesLocalhostLoopbackAndTheGivenHosts() throws Exception {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of("manager.example.org", "10.1.2.3", " ", "localhost"));

        assertThat(tls.serverCertificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(2, "manager.example.org"),
                List.of(7, "10.1.2.3"));
    }

    @Test
    void aNewHostNameReissuesTheServerCertificateFromTheSameCa() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, List.of("a.example.org"));
        byte[] caPem = Files.readAllBytes(dir.resolve("ca.pem"));

        TlsMaterial second = TlsMaterial.loadOrCreate(dir, List.of("a.example.org", "b.example.org"));

        assertThat(second.serverCertificate().getSerialNumber()).isNotEqualTo(first.serverCertificate().getSerialNumber());
        assertThat(second.serverCertificate().getSubjectAlternativeNames()).contains(List.of(2, "b.example.org"));
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(caPem);
        second.serverCertificate().verify(readPem(dir.resolve("ca.pem")).getPublicKey());
        assertThat(TlsMaterial.loadOrCreate(dir, List.of("b.example.org")).serverCertificate().getSerialNumber())
                .as("a subset of the names is still covered").isEqualTo(second.serverCertificate().getSerialNumber());
    }

    @Test
    void aServerCertificateCloseToExpiryIsReissuedFromTheSameCa() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, List.of());
        byte[] caPem = Files.readAllBytes(dir.resolve("ca.pem"));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(380));

        TlsMaterial renewed = TlsMaterial.loadOrCreate(dir, List.of(), later);

        assertThat(renewed.serverCertificate().getSerialNumber()).isNotEqualTo(first.serverCertificate().getSerialNumber());
        assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(caPem);
    }

    @Test
    void aMissingServerKeystoreIsReissuedFromTheSameCa() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, List.of());
        Files.delete(dir.resolve("server.p12"));

        TlsMaterial second = TlsMaterial.loadOrCreate(dir, List.of());

        assertThat(second.serverCertificate().getSerialNumber()).isNotEqualTo(first.serverCertificate().getSerialNumber());
        second.serverCertificate().verify(readPem(dir.resolve("ca.pem")).getPublicKey());
    }

    @Test
    void anUnreadableCaKeystoreIsAnErrorNotASilentNewCa() throws Exception {
        TlsMaterial.loadOrCreate(dir, List.of());
        Files.write(dir.resolve("ca.p12"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ca.p12");
    }

    @Test
    void aHostNameThatIsNeitherDnsNorIpIsRefused() {
        assertThatThrownBy(() -> TlsMaterial.loadOrCreate(dir, List.of("bad name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
    }

    @Test
    void thePasswordHandedOutIsACopy() {
        TlsMaterial tls = TlsMaterial.loadOrCreate(dir, List.of());
        char[] password = tls.keyStorePassword();
        password[0] = '\0';

        assertThat(tls.keyStorePassword()[0]).isNotEqualTo('\0');
        assertThat(tls.toString()).doesNotContain(new String(tls.keyStorePassword()));
    }

    static X509Certificate readPem(Path file) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
    }
}

package io.interpose.host.ops;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.interpose.protocol.control.EnrollRequest;
import io.interpose.protocol.control.EnrollResponse;
import io.interpose.protocol.control.HostControlGrpc;
import io.interpose.protocol.control.RenewRequest;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * One enrolment: a new P-256 key, a PKCS#10 request for {@code CN=<host id>}, and the
 * {@code HostControl.Enroll} call over TLS that authenticates the manager only. Or one renewal: a request
 * signed by the key the host has, and the {@code HostControl.Renew} call, mutually authenticated with the
 * certificate it renews.
 */
final class Enrolment {
    private static final long DEADLINE_SECONDS = 30;
    private static final long RENEW_DEADLINE_SECONDS = 10;
    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED, Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION,
            Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS);

    private Enrolment() {}

    static HostIdentity enrol(String hostId, InetSocketAddress manager, X509Certificate managerCa, String joinToken) {
        KeyPair keys = newKeyPair();
        EnrollRequest request = EnrollRequest.newBuilder()
                .setHostId(hostId)
                .setJoinToken(joinToken)
                .setCertificateRequest(ByteString.copyFrom(certificateRequest(hostId, keys)))
                .build();
        EnrollResponse response = call(manager, managerCa, hostId, request);
        X509Certificate certificate = parse(response.getCertificate(), "certificate");
        X509Certificate ca = parse(response.getCaCertificate(), "CA certificate");
        if (!certificate.getPublicKey().equals(keys.getPublic())) {
            throw new EnrolmentException("the manager at " + manager + " returned a certificate for another key");
        }
        return new HostIdentity(hostId, keys.getPrivate(), certificate, ca);
    }

    /**
     * Renews {@code current}'s certificate for the same key.
     *
     * @throws EnrolmentException if the manager refuses or cannot be reached, or answers with a
     *     certificate for another host, key or CA
     */
    static HostIdentity renew(HostIdentity current, InetSocketAddress manager) {
        RenewRequest request = RenewRequest.newBuilder()
                .setCertificateRequest(ByteString.copyFrom(certificateRequest(current.hostId(), current.keyPair())))
                .build();
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(current.keyManagers())
                .trustManager(current.trustManagers())
                .build();
        ManagedChannel channel = NettyChannelBuilder.forAddress(manager, credentials).build();
        try {
            EnrollResponse response = HostControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(RENEW_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .renew(request);
            return current.renewed(parse(response.getCertificate(), "certificate"));
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            throw new EnrolmentException("cannot renew the certificate of host '" + current.hostId() + "' with the manager at "
                    + manager + " (" + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                    + ")", e);
        } finally {
            channel.shutdownNow();
        }
    }

    private static EnrollResponse call(InetSocketAddress manager, X509Certificate managerCa, String hostId, EnrollRequest request) {
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .trustManager(HostIdentity.trusting(managerCa))
                .build();
        ManagedChannel channel = NettyChannelBuilder.forAddress(manager, credentials).build();
        try {
            return HostControlGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .enroll(request);
        } catch (StatusRuntimeException e) {
            throw failure(manager, hostId, e.getStatus());
        } finally {
            channel.shutdownNow();
        }
    }

    private static EnrolmentException failure(InetSocketAddress manager, String hostId, Status status) {
        String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (REFUSALS.contains(status.getCode())) {
            return new EnrolmentException("the manager at " + manager + " refused to enrol host '" + hostId
                    + "' (" + detail + "): the join token may be wrong, used or expired; create a new one",
                    status.asRuntimeException());
        }
        return new EnrolmentException("cannot enrol host '" + hostId + "' with the manager at " + manager
                + " (" + detail + "): is it running, and is its CA the one given?", status.asRuntimeException());
    }

    static byte[] certificateRequest(String hostId, KeyPair keys) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostId).build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a certificate request", e);
        }
    }

    private static X509Certificate parse(ByteString der, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("the manager returned an unreadable " + what, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC key", e);
        }
    }
}

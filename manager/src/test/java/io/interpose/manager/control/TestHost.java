package io.interpose.manager.control;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.interpose.protocol.control.EnrollRequest;
import io.interpose.protocol.control.EnrollResponse;
import io.interpose.protocol.control.HostControlGrpc;
import io.interpose.protocol.control.HostHello;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import io.interpose.protocol.control.RenewRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A host agent for tests: a real gRPC client (netty-shaded, TLS trusting only the manager's CA) that
 * makes its key and CSR with Bouncy Castle, enrols, and opens Sync streams whose messages it queues.
 */
final class TestHost implements AutoCloseable {
    private final String hostId;
    private final X509Certificate ca;
    private final KeyPair keys;
    private X509Certificate certificate;
    private ManagedChannel channel;

    TestHost(String hostId, Path caPem) {
        this.hostId = hostId;
        this.ca = readCertificate(caPem);
        this.keys = newKeys();
    }

    /** Enrols with {@code token}; returns the certificate (and keeps it for Sync). */
    X509Certificate enrol(int port, String token) {
        EnrollResponse response = HostControlGrpc.newBlockingStub(anonymous(port)).withDeadlineAfter(10, TimeUnit.SECONDS)
                .enroll(request(hostId, token, csr()));
        certificate = parse(response.getCertificate().toByteArray());
        return certificate;
    }

    X509Certificate certificateInUse() {
        return certificate;
    }

    static String commonName(X509Certificate certificate) {
        return HostIdentity.commonName(certificate).orElse("");
    }

    /** Renews the certificate over mutual TLS with the current one (anonymously if never enrolled). */
    X509Certificate renew(int port) {
        certificate = parse(renewRaw(port, csr()).getCertificate().toByteArray());
        return certificate;
    }

    /** The raw Renew call with {@code csr} as the request, for refusals. */
    EnrollResponse renewRaw(int port, byte[] csr) {
        return HostControlGrpc.newBlockingStub(certificate == null ? anonymous(port) : authenticated(port))
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .renew(RenewRequest.newBuilder().setCertificateRequest(ByteString.copyFrom(csr)).build());
    }

    /** The raw Enroll call, for refusals. */
    EnrollResponse enrollRaw(int port, EnrollRequest request) {
        return HostControlGrpc.newBlockingStub(anonymous(port)).withDeadlineAfter(10, TimeUnit.SECONDS).enroll(request);
    }

    EnrollRequest request(String host, String token, byte[] csr) {
        return EnrollRequest.newBuilder().setHostId(host).setJoinToken(token).setCertificateRequest(ByteString.copyFrom(csr)).build();
    }

    /** Opens a Sync stream with the enrolled certificate (or none if never enrolled) and says hello. */
    Sync sync(int port, long appliedGeneration) {
        Sync sync = new Sync();
        sync.out = HostControlGrpc.newStub(certificate == null ? anonymous(port) : authenticated(port)).sync(sync);
        sync.send(HostMessage.newBuilder().setHello(HostHello.newBuilder().addVersions(1).setAgentVersion("test-1.0")
                .setAppliedGeneration(appliedGeneration).setMuxGuestEndpoint("unix:///run/mux.sock")
                .setMuxPartnerEndpoint("127.0.0.1:7443")).build());
        return sync;
    }

    /** One Sync stream as the host sees it. */
    static final class Sync implements StreamObserver<ManagerMessage> {
        final BlockingQueue<ManagerMessage> received = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private StreamObserver<HostMessage> out;

        synchronized void send(HostMessage message) {
            out.onNext(message);
        }

        void ack(long generation) {
            send(HostMessage.newBuilder().setAck(io.interpose.protocol.control.Ack.newBuilder().setGeneration(generation)).build());
        }

        /** The next message, waiting up to {@code timeout}; empty if none came. */
        Optional<ManagerMessage> next(Duration timeout) {
            try {
                return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        Optional<io.grpc.Status> status() {
            return Optional.ofNullable(error.get()).map(io.grpc.Status::fromThrowable);
        }

        void close() {
            try {
                out.onCompleted();
            } catch (RuntimeException e) {
                error.compareAndSet(null, e);
            }
        }

        @Override
        public void onNext(ManagerMessage value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onCompleted() {
            error.compareAndSet(null, new StatusRuntimeException(io.grpc.Status.OK));
        }
    }

    private ManagedChannel anonymous(int port) {
        return open(port, GrpcSslContexts.forClient().trustManager(ca));
    }

    private ManagedChannel authenticated(int port) {
        return open(port, GrpcSslContexts.forClient().trustManager(ca).keyManager(keys.getPrivate(), certificate));
    }

    private ManagedChannel open(int port, SslContextBuilder ssl) {
        close();
        try {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority("localhost").sslContext(ssl.build()).build();
            return channel;
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] csr() {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate readCertificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
            channel = null;
        }
    }
}

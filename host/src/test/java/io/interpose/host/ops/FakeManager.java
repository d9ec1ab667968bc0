package io.interpose.host.ops;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.interpose.protocol.control.EnrollRequest;
import io.interpose.protocol.control.EnrollResponse;
import io.interpose.protocol.control.HostControlGrpc;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import io.interpose.protocol.control.RenewRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * An in-process manager for the ops agent's tests: a real gRPC server on loopback with TLS (client
 * certificates optional, as Enroll has none; Sync requires one). Enroll accepts each of its join
 * tokens once and signs the request with the test CA; each Sync stream is handed to the test, which
 * scripts what the manager sends and reads what the host sent.
 */
final class FakeManager implements AutoCloseable {
    private static final Context.Key<Optional<String>> PEER = Context.key("peer-cn");
    private static final Context.Key<Optional<BigInteger>> PEER_SERIAL = Context.key("peer-serial");

    private final TestCa ca;
    private final HostIdentity serverIdentity;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<FakeStream> streams = new LinkedBlockingQueue<>();
    private final List<X509Certificate> renewals = new CopyOnWriteArrayList<>();
    private final List<BigInteger> syncSerials = new CopyOnWriteArrayList<>();
    private Server server;
    private int port;

    private FakeManager(TestCa ca) {
        this.ca = ca;
        this.serverIdentity = ca.server();
    }

    static FakeManager start(TestCa ca) {
        FakeManager manager = new FakeManager(ca);
        manager.listen(0);
        return manager;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** The certificates issued by Renew, in order. */
    List<X509Certificate> renewals() {
        return List.copyOf(renewals);
    }

    /** The serial of the client certificate of each Sync stream, in order. */
    List<BigInteger> syncSerials() {
        return List.copyOf(syncSerials);
    }

    void acceptToken(String token) {
        tokens.add(token);
    }

    /** The next Sync stream a host opened (waits up to 10 s). */
    FakeStream nextStream() {
        try {
            FakeStream stream = streams.poll(10, TimeUnit.SECONDS);
            if (stream == null) {
                throw new AssertionError("no Sync stream within 10 s");
            }
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.clear();
    }

    /** Starts again on the same port, as a restarted manager would. */
    void restart() {
        listen(port);
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int requestedPort) {
        TlsServerCredentials.Builder credentials = TlsServerCredentials.newBuilder()
                .keyManager(serverIdentity.keyManagers())
                .trustManager(ca.server().trustManagers())
                .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL);
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", requestedPort), credentials.build())
                    .addService(ServerInterceptors.intercept(new Service(), new PeerInterceptor()))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getPort();
    }

    private final class Service extends HostControlGrpc.HostControlImplBase {
        @Override
        public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
            if (!tokens.remove(request.getJoinToken())) {
                response.onError(Status.PERMISSION_DENIED.withDescription("unknown or used join token").asRuntimeException());
                return;
            }
            issue(request.getCertificateRequest().toByteArray(), response);
        }

        @Override
        public void renew(RenewRequest request, StreamObserver<EnrollResponse> response) {
            if (PEER.get().isEmpty()) {
                response.onError(Status.UNAUTHENTICATED.withDescription("a host certificate is required").asRuntimeException());
                return;
            }
            issue(request.getCertificateRequest().toByteArray(), response).ifPresent(renewals::add);
        }

        /** Signs the request and answers with the certificate and the CA; empty after an error answer. */
        private Optional<X509Certificate> issue(byte[] certificateRequest, StreamObserver<EnrollResponse> response) {
            try {
                X509Certificate issued = ca.signRequest(certificateRequest);
                response.onNext(EnrollResponse.newBuilder()
                        .setCertificate(ByteString.copyFrom(issued.getEncoded()))
                        .setCaCertificate(ByteString.copyFrom(ca.certificate().getEncoded()))
                        .build());
                response.onCompleted();
                return Optional.of(issued);
            } catch (CertificateEncodingException | IllegalArgumentException e) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return Optional.empty();
            }
        }

        @Override
        public StreamObserver<HostMessage> sync(StreamObserver<ManagerMessage> responses) {
            Optional<String> peer = PEER.get();
            if (peer.isEmpty()) {
                responses.onError(Status.UNAUTHENTICATED.withDescription("a host certificate is required").asRuntimeException());
                return new FakeStream("", responses);
            }
            FakeStream stream = new FakeStream(peer.get(), responses);
            PEER_SERIAL.get().ifPresent(syncSerials::add);
            streams.add(stream);
            return stream;
        }
    }

    /** Puts the client certificate's CN, if any, into the call's context. */
    private static final class PeerInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            Optional<X509Certificate> peer = Optional.empty();
            try {
                if (session != null && session.getPeerCertificates().length > 0) {
                    peer = Optional.of((X509Certificate) session.getPeerCertificates()[0]);
                }
            } catch (SSLPeerUnverifiedException e) {
                peer = Optional.empty();
            }
            Context context = Context.current().withValue(PEER, peer.flatMap(HostIdentity::commonName))
                    .withValue(PEER_SERIAL, peer.map(X509Certificate::getSerialNumber));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }
}

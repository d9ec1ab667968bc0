package io.interpose.manager.control;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.interpose.manager.inventory.InventoryView;
import io.interpose.manager.tls.TlsMaterial;
import io.interpose.protocol.control.EnrollRequest;
import io.interpose.protocol.control.EnrollResponse;
import io.interpose.protocol.control.RenewRequest;
import io.interpose.protocol.control.HostControlGrpc;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import com.google.protobuf.ByteString;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel's gRPC service (control.proto). {@code Enroll}: anyone with a valid one-time join
 * token for a host in the inventory gets that host's certificate; refusals are INVALID_ARGUMENT (missing
 * field, unusable CSR), PERMISSION_DENIED (host not in the inventory) and UNAUTHENTICATED (token unknown,
 * used, expired or made for another host). {@code Sync}: only for a caller whose client certificate our
 * CA issued (UNAUTHENTICATED otherwise), for the host its certificate names (PERMISSION_DENIED if that
 * host is no longer in the inventory); the first message must be HostHello (INVALID_ARGUMENT otherwise),
 * offering version 1 (FAILED_PRECONDITION otherwise). {@code Renew}: for the same callers as Sync, a new
 * certificate for the host the current one names (whatever the request's subject says) and the request's
 * key (INVALID_ARGUMENT for an unusable request).
 */
final class HostControlService extends HostControlGrpc.HostControlImplBase {
    static final int VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(HostControlService.class);
    private final JoinTokens tokens;
    private final TlsMaterial tls;
    private final InventoryView inventory;
    private final ControlPlane plane;
    private final SecurityEvents events;

    HostControlService(JoinTokens tokens, TlsMaterial tls, InventoryView inventory, ControlPlane plane, SecurityEvents events) {
        this.tokens = tokens;
        this.tls = tls;
        this.inventory = inventory;
        this.plane = plane;
        this.events = events;
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
        String host = request.getHostId();
        if (host.isBlank() || request.getJoinToken().isBlank() || request.getCertificateRequest().isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("host_id, join_token and certificate_request are required")
                    .asRuntimeException());
            return;
        }
        if (inventory.host(host).isEmpty()) {
            response.onError(Status.PERMISSION_DENIED.withDescription("host " + host + " is not in the inventory").asRuntimeException());
            return;
        }
        X509Certificate certificate;
        try {
            certificate = tls.issueHostCertificate(request.getCertificateRequest().toByteArray(), host);
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (!tokens.consume(host, request.getJoinToken())) {
            LOG.warn("Host {}: enrolment refused (join token unknown, used, expired or for another host)", host);
            response.onError(Status.UNAUTHENTICATED.withDescription("the join token is unknown, used, expired or for another host")
                    .asRuntimeException());
            return;
        }
        if (answer(response, certificate)) {
            LOG.info("Host {}: enrolled, certificate serial {}", host, certificate.getSerialNumber().toString(16));
        }
    }

    @Override
    public void renew(RenewRequest request, StreamObserver<EnrollResponse> response) {
        var host = HostIdentity.HOST_ID.get();
        if (host.isEmpty()) {
            response.onError(Status.UNAUTHENTICATED.withDescription("Renew needs the client certificate it renews").asRuntimeException());
            return;
        }
        if (inventory.host(host.get()).isEmpty()) {
            response.onError(Status.PERMISSION_DENIED.withDescription("host " + host.get() + " is not in the inventory").asRuntimeException());
            return;
        }
        X509Certificate certificate;
        try {
            certificate = tls.issueHostCertificate(request.getCertificateRequest().toByteArray(), host.get());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (answer(response, certificate)) {
            LOG.info("Host {}: certificate renewed, serial {} until {}", host.get(), certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
        }
    }

    private boolean answer(StreamObserver<EnrollResponse> response, X509Certificate certificate) {
        try {
            response.onNext(EnrollResponse.newBuilder().setCertificate(ByteString.copyFrom(certificate.getEncoded()))
                    .setCaCertificate(ByteString.copyFrom(tls.caX509Certificate().getEncoded())).build());
            response.onCompleted();
            return true;
        } catch (CertificateEncodingException e) {
            response.onError(Status.INTERNAL.withDescription("cannot encode the certificate").asRuntimeException());
            return false;
        }
    }

    @Override
    public StreamObserver<HostMessage> sync(StreamObserver<ManagerMessage> response) {
        var host = HostIdentity.HOST_ID.get();
        if (host.isEmpty()) {
            response.onError(Status.UNAUTHENTICATED.withDescription("Sync needs a client certificate issued by Enroll").asRuntimeException());
            return new Discard();
        }
        if (inventory.host(host.get()).isEmpty()) {
            response.onError(Status.PERMISSION_DENIED.withDescription("host " + host.get() + " is not in the inventory").asRuntimeException());
            return new Discard();
        }
        return new SyncStream(host.get(), (ServerCallStreamObserver<ManagerMessage>) response, plane, events);
    }

    /** What a refused stream does with further messages: nothing. */
    private static final class Discard implements StreamObserver<HostMessage> {
        @Override
        public void onNext(HostMessage value) {
            // refused: the call is already closed
        }

        @Override
        public void onError(Throwable t) {
            // refused: the call is already closed
        }

        @Override
        public void onCompleted() {
            // refused: the call is already closed
        }
    }
}

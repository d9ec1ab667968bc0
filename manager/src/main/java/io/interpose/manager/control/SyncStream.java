package io.interpose.manager.control;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's Sync stream, from the manager's side: waits for HostHello, then hands the session to the
 * {@link ControlPlane} and routes acks, health and detections. A second HostHello, or anything before
 * the first, ends the stream with INVALID_ARGUMENT.
 */
final class SyncStream implements StreamObserver<HostMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(SyncStream.class);
    private final String hostId;
    private final SerialObserver<ManagerMessage> out;
    private final ControlPlane plane;
    private final SecurityEvents events;
    private final ControlPlane.Session session;
    private boolean helloed;
    private boolean ended;

    SyncStream(String hostId, ServerCallStreamObserver<ManagerMessage> out, ControlPlane plane, SecurityEvents events) {
        this.hostId = hostId;
        this.out = new SerialObserver<>(out);
        this.plane = plane;
        this.events = events;
        this.session = new ControlPlane.Session(hostId, this.out);
        out.setOnCancelHandler(() -> {
            this.out.cancelled();
            plane.closed(session);
        });
    }

    @Override
    public synchronized void onNext(HostMessage message) {
        if (ended) {
            return;
        }
        switch (message.getBodyCase()) {
            case HELLO -> hello(message);
            case ACK -> whenHelloed(() -> plane.acked(hostId, message.getAck().getGeneration()));
            case HEALTH -> whenHelloed(() -> plane.health(hostId, message.getHealth()));
            case DETECTION -> whenHelloed(() -> events.record(hostId, message.getDetection()));
            default -> LOG.debug("Host {}: ignoring an unknown control message", hostId);
        }
    }

    private void hello(HostMessage message) {
        if (helloed) {
            refuse(Status.INVALID_ARGUMENT.withDescription("HostHello was already sent on this stream"));
            return;
        }
        var versions = message.getHello().getVersionsList();
        if (!versions.isEmpty() && !versions.contains(HostControlService.VERSION)) {
            refuse(Status.FAILED_PRECONDITION.withDescription("no common control protocol version: the manager speaks "
                    + HostControlService.VERSION + ", the host offered " + versions));
            return;
        }
        helloed = true;
        plane.open(session, message.getHello());
    }

    private void whenHelloed(Runnable action) {
        if (helloed) {
            action.run();
        } else {
            refuse(Status.INVALID_ARGUMENT.withDescription("the first message of a Sync stream must be HostHello"));
        }
    }

    private void refuse(Status status) {
        LOG.warn("Host {}: control stream refused: {}", hostId, status.getDescription());
        ended = true;
        plane.closed(session);
        out.onError(status.asRuntimeException());
    }

    @Override
    public synchronized void onError(Throwable t) {
        ended = true;
        out.cancelled();
        plane.closed(session);
    }

    @Override
    public synchronized void onCompleted() {
        ended = true;
        plane.closed(session);
        out.onCompleted();
    }
}

package io.interpose.host.ops;

import io.grpc.stub.StreamObserver;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.HostHello;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** One Sync stream as the fake manager sees it: what the host sent, and a way to send it state. */
final class FakeStream implements StreamObserver<HostMessage> {
    private final String peer;
    private final StreamObserver<ManagerMessage> responses;
    private final List<HostMessage> received = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    FakeStream(String peer, StreamObserver<ManagerMessage> responses) {
        this.peer = peer;
        this.responses = responses;
    }

    /** The CN of the host certificate that opened the stream. */
    String peer() {
        return peer;
    }

    synchronized void send(DesiredState snapshot) {
        responses.onNext(ManagerMessage.newBuilder().setSnapshot(snapshot).build());
    }

    synchronized void send(DesiredStateDelta delta) {
        responses.onNext(ManagerMessage.newBuilder().setDelta(delta).build());
    }

    Optional<HostHello> hello() {
        return received.stream().findFirst().filter(HostMessage::hasHello).map(HostMessage::getHello);
    }

    List<Long> acks() {
        return received.stream().filter(HostMessage::hasAck).map(m -> m.getAck().getGeneration()).toList();
    }

    List<HostHealth> health() {
        return received.stream().filter(HostMessage::hasHealth).map(HostMessage::getHealth).toList();
    }

    List<DetectionReport> detections() {
        return received.stream().filter(HostMessage::hasDetection).map(HostMessage::getDetection).toList();
    }

    /** Whether the host ended the stream (or it broke). */
    boolean ended() {
        return ended;
    }

    @Override
    public void onNext(HostMessage message) {
        received.add(message);
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
    }

    @Override
    public void onCompleted() {
        ended = true;
        responses.onCompleted();
    }
}

package io.interpose.host.mux;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The MUX side of one thin agent's connection: the hello, then events (to the router), query and
 * remediation results (to the relay) and heartbeats. After the hello it speaks only for its VM.
 */
final class GuestSession implements Connection.Inbound<GuestFrame> {

    private final Connection<GuestFrame> connection;
    private final Switchboard board;
    private final AtomicInteger pendingVerdicts = new AtomicInteger();
    private final ConcurrentHashMap<Long, RelayedRequest> requests = new ConcurrentHashMap<>();
    private volatile String vmId;
    private volatile GuestHello hello;
    private volatile MuxMetrics.VmMeters meters;
    private volatile ServiceState[] route = new ServiceState[0];
    private Interest interest;

    GuestSession(Connection<GuestFrame> connection, Switchboard board) {
        this.connection = connection;
        this.board = board;
    }

    Connection<GuestFrame> connection() {
        return connection;
    }

    String vmId() {
        return vmId;
    }

    GuestHello hello() {
        return hello;
    }

    MuxMetrics.VmMeters meters() {
        return meters;
    }

    ServiceState[] route() {
        return route;
    }

    void route(ServiceState[] services) {
        this.route = services;
    }

    ConcurrentHashMap<Long, RelayedRequest> requests() {
        return requests;
    }

    /** The agent's capabilities; empty means it declared none, and the MUX does not restrict by them. */
    Set<Integer> capabilities() {
        return hello.getCapabilitiesList().stream().map(EventType::getNumber).collect(Collectors.toSet());
    }

    @Override
    public void frame(GuestFrame frame) throws IOException {
        if (!connection.established()) {
            hello(frame);
            return;
        }
        switch (frame.getBodyCase()) {
            case EVENT -> board.router().event(this, frame.getEvent(), System.nanoTime());
            case QUERY_RESULT -> board.relay().queryResult(this, frame.getQueryResult());
            case REMEDIATION_RESULT -> board.relay().remediationResult(this, frame.getRemediationResult());
            case HEARTBEAT -> heartbeat(frame.getHeartbeat());
            case GOODBYE -> connection.abort(GoodbyeReason.SHUTDOWN);
            case HELLO -> throw new ProtocolViolation("second GuestHello");
            default -> board.metrics().unknownFrame(true);
        }
    }

    private void hello(GuestFrame frame) throws IOException {
        if (!frame.hasHello()) {
            throw new ProtocolViolation("expected GuestHello, got " + frame.getBodyCase());
        }
        board.guestHello(this, frame.getHello());
    }

    /** Called by the switchboard once the hello is accepted, before the Welcome is sent. */
    void authenticated(GuestHello hello, MuxMetrics.VmMeters meters) {
        this.hello = hello;
        this.vmId = hello.getVmId();
        this.meters = meters;
        connection.peer("guest " + vmId + " (" + connection.peer() + ")");
    }

    private void heartbeat(Heartbeat heartbeat) {
        if (!heartbeat.getReply()) {
            connection.send(GuestFrame.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setSequence(heartbeat.getSequence()).setReply(true)).build());
        }
    }

    /** Sends the Interest if it differs from the last one sent. Called under the switchboard's lock. */
    void interest(Interest next) {
        if (!next.equals(interest)) {
            interest = next;
            connection.send(GuestFrame.newBuilder().setInterest(next).build());
        }
    }

    /** Takes a slot for one more waiting event; false when the VM's bound is reached. */
    boolean reservePending(int bound) {
        if (pendingVerdicts.incrementAndGet() > bound) {
            pendingVerdicts.decrementAndGet();
            return false;
        }
        return true;
    }

    int pendingVerdicts() {
        return pendingVerdicts.get();
    }

    /** Answers an event that held a slot ({@link #reservePending}) and releases the slot. */
    void settled(long eventId, Decision decision, int cacheTtlMs, String reason, VerdictSource source) {
        pendingVerdicts.decrementAndGet();
        verdict(eventId, decision, cacheTtlMs, reason, source);
    }

    /**
     * Answers an event, through this guest's writer thread: a verdict is never written on the thread
     * that settles it (an SVM's reader, the timer, a closing connection), because a guest that stops
     * reading would then hold up that thread, and with an SVM's reader every other VM the service
     * protects.
     */
    void verdict(long eventId, Decision decision, int cacheTtlMs, String reason, VerdictSource source) {
        meters.verdict(decision, source);
        Verdict verdict = Verdict.newBuilder().setEventId(eventId).setDecision(decision).setCacheTtlMs(cacheTtlMs)
                .setReason(reason).setSource(source).build();
        boolean queued = connection.send(GuestFrame.newBuilder().setVerdict(verdict).build());
        if (!queued && connection.open()) {
            meters.guestQueueFull();
        }
    }

    @Override
    public void closed(GoodbyeReason reason) {
        board.guestClosed(this);
    }
}

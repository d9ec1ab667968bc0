package io.interpose.host.mux;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHealth;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import io.interpose.protocol.gi.Decision;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MUX side of one SVM's connection: the hello, then subscriptions, verdicts, queries,
 * remediation, health and detections. Numbers the events it forwards and keeps, per number, the
 * share of the guest's pending verdict it owes; closing or reporting UNHEALTHY hands every such
 * share to the service's failure policy at once.
 */
final class PartnerSession implements Connection.Inbound<PartnerFrame> {

    private final Connection<PartnerFrame> connection;
    private final Switchboard board;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong nextEventId = new AtomicLong();
    private final ConcurrentHashMap<Long, VerdictShare> waiting = new ConcurrentHashMap<>();
    private volatile ServiceHello hello;
    private volatile ServiceState service;
    private volatile boolean subscribed;
    private volatile ServiceHealth health = ServiceHealth.getDefaultInstance();
    private volatile long connectedSinceMillis;

    PartnerSession(Connection<PartnerFrame> connection, Switchboard board, ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.board = board;
        this.scheduler = scheduler;
    }

    Connection<PartnerFrame> connection() {
        return connection;
    }

    ServiceHello hello() {
        return hello;
    }

    String deploymentId() {
        return hello.getDeploymentId();
    }

    ServiceState service() {
        return service;
    }

    ServiceHealth health() {
        return health;
    }

    long connectedSinceMillis() {
        return connectedSinceMillis;
    }

    /** Connected, subscribed and not reporting UNHEALTHY: events go to it. */
    boolean serving() {
        return subscribed && connection.open() && health.getState() != HealthState.UNHEALTHY;
    }

    /** Called by the switchboard once the hello is accepted, before the Welcome is sent. */
    void authenticated(ServiceHello hello, ServiceState service, long nowMillis) {
        this.hello = hello;
        this.service = service;
        this.connectedSinceMillis = nowMillis;
        connection.peer("svm " + hello.getDeploymentId() + " (" + connection.peer() + ")");
    }

    boolean send(PartnerFrame frame) {
        return connection.send(frame);
    }

    @Override
    public void frame(PartnerFrame frame) throws IOException {
        if (!connection.established()) {
            if (!frame.hasHello()) {
                throw new ProtocolViolation("expected ServiceHello, got " + frame.getBodyCase());
            }
            board.partnerHello(this, frame.getHello());
            return;
        }
        switch (frame.getBodyCase()) {
            case VERDICT -> verdict(frame.getVerdict());
            case SUBSCRIBE -> {
                subscribed = true;
                board.subscribed(this, Subscriptions.of(frame.getSubscribe()));
            }
            case QUERY -> board.relay().query(this, frame.getQuery());
            case REMEDIATION -> board.relay().remediation(this, frame.getRemediation());
            case HEALTH -> health(frame.getHealth());
            case DETECTION -> board.detection(this, frame.getDetection());
            case HEARTBEAT -> heartbeat(frame.getHeartbeat());
            case GOODBYE -> connection.abort(GoodbyeReason.SHUTDOWN);
            case HELLO -> throw new ProtocolViolation("second ServiceHello");
            default -> board.metrics().unknownFrame(false);
        }
    }

    /**
     * Forwards an event for a verdict, owing a share of {@code pending} until {@code waitNanos} pass.
     * False when the outbound queue is full (nothing is owed then).
     */
    boolean decide(Event event, String vmId, PendingVerdict pending, long waitNanos) {
        if (!connection.hasRoomForEvent()) {
            service.meters().queueFull();
            return false;
        }
        long id = nextEventId.incrementAndGet();
        VerdictShare share = new VerdictShare(pending, System.nanoTime());
        waiting.put(id, share);
        share.deadline.set(scheduler.schedule(() -> expire(id), waitNanos, TimeUnit.NANOSECONDS));
        Event forwarded = event.toBuilder().setId(id).setVmId(vmId).setAwaitsVerdict(true)
                .setDeadlineMs((int) Math.max(1, waitNanos / 1_000_000)).build();
        if (!connection.sendEvent(PartnerFrame.newBuilder().setEvent(forwarded).build(), true)) {
            if (waiting.remove(id) != null) {
                share.deadline.cancel();
            }
            service.meters().queueFull();
            return false;
        }
        service.meters().forwarded();
        return true;
    }

    /** Forwards an event as a notification; false when the outbound queue is full. */
    boolean notify(Event event, String vmId) {
        if (!connection.hasRoomForEvent()) {
            service.meters().queueFull();
            return false;
        }
        Event forwarded = event.toBuilder().setId(nextEventId.incrementAndGet()).setVmId(vmId).setAwaitsVerdict(false)
                .setDeadlineMs(0).build();
        if (connection.sendEvent(PartnerFrame.newBuilder().setEvent(forwarded).build(), false)) {
            service.meters().forwarded();
            return true;
        }
        service.meters().queueFull();
        return false;
    }

    private void verdict(Verdict verdict) {
        VerdictShare share = waiting.remove(verdict.getEventId());
        if (share == null) {
            service.meters().ignoredVerdict();
            return;
        }
        share.deadline.cancel();
        Decision decision = verdict.getDecision();
        if (decision != Decision.ALLOW && decision != Decision.DENY) {
            share.pending.fail(service);
            return;
        }
        service.meters().verdict(decision, VerdictSource.SERVICES, System.nanoTime() - share.sentNanos);
        share.pending.answer(decision, verdict.getCacheTtlMs(), verdict.getReason());
    }

    private void expire(long id) {
        VerdictShare share = waiting.remove(id);
        if (share != null) {
            service.meters().timeout();
            share.pending.fail(service);
        }
    }

    /** Hands every share this link owes to the failure policy. */
    void failWaiting() {
        for (Long id : waiting.keySet()) {
            VerdictShare share = waiting.remove(id);
            if (share != null) {
                share.deadline.cancel();
                share.pending.fail(service);
            }
        }
    }

    private void health(ServiceHealth reported) {
        health = reported;
        if (reported.getState() == HealthState.UNHEALTHY) {
            failWaiting();
        }
        board.healthChanged();
    }

    private void heartbeat(Heartbeat heartbeat) {
        if (!heartbeat.getReply()) {
            connection.send(PartnerFrame.newBuilder()
                    .setHeartbeat(Heartbeat.newBuilder().setSequence(heartbeat.getSequence()).setReply(true)).build());
        }
    }

    @Override
    public void closed(GoodbyeReason reason) {
        if (service != null) {
            failWaiting();
        }
        board.partnerClosed(this);
    }
}

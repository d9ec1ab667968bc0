package io.interpose.host.ops;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.interpose.protocol.control.Ack;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.HostHello;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent's link to the manager: keeps the {@code HostControl.Sync} stream open, applies the
 * desired state it receives (snapshot, then deltas in generation order), persists it, hands the whole
 * state to the {@link DesiredStateSink} and acks each generation; reports health and forwards
 * detections.
 *
 * <p>At {@link #start} the last applied state on disk goes to the sink before any connection, so the
 * host keeps protecting its VMs while the manager is unreachable. Any stream failure, or a delta that
 * does not follow the applied generation, ends the stream; the agent reconnects with exponential
 * backoff and jitter and gets a snapshot. Transitions are logged once, retries at DEBUG.
 *
 * <p>Threading: all work (stream callbacks, applying, persisting, sink calls, sends) runs on one
 * agent thread. {@link #healthChanged}, {@link #report}, {@link #status} and {@link #close} may be
 * called from any thread. Detections are delivered at most once: up to {@value #DETECTION_BUFFER} wait
 * while the manager is unreachable or slow, the oldest dropped (and counted) beyond that.
 */
public final class OpsAgent implements AutoCloseable {
    /** How many detections wait for the manager at most. */
    public static final int DETECTION_BUFFER = 1000;
    /** The control protocol versions this agent speaks. */
    static final int PROTOCOL_VERSION = 1;
    private static final Duration HEALTH_COALESCE = Duration.ofMillis(100);
    /** How often the agent checks whether its certificate is due for renewal. */
    static final Duration RENEWAL_CHECK = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(OpsAgent.class);

    private final OpsConfig config;
    private final DesiredStateSink sink;
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private final DetectionBuffer detections = new DetectionBuffer(DETECTION_BUFFER);
    private final AtomicBoolean healthPending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SyncSession.Listener listener = new StreamListener();
    private final Consumer<HostIdentity> renewed;
    private volatile HostIdentity identity;
    private volatile OpsStatus status = OpsStatus.initial();

    // Owned by the agent thread.
    private AppliedState state;
    private Optional<SyncSession> session = Optional.empty();
    private boolean connected;
    private boolean everConnected;
    private boolean unreachableLogged;
    private int failures;

    private OpsAgent(OpsConfig config, DesiredStateSink sink, Consumer<HostIdentity> renewed) {
        this.config = config;
        this.sink = sink;
        this.renewed = renewed;
        this.identity = config.identity();
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread agentThread = new Thread(runnable, "interpose-ops-agent");
            agentThread.setDaemon(true);
            return agentThread;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = thread;
        this.backoff = new Backoff(config.minBackoff(), config.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Hands the persisted state (if any) to the sink, then starts connecting to the manager in the
     * background; returns once the sink has the persisted state. Never fails for want of the manager.
     */
    public static OpsAgent start(OpsConfig config, DesiredStateSink sink) {
        return start(config, sink, renewal -> { });
    }

    /**
     * As {@link #start(OpsConfig, DesiredStateSink)}; the agent also renews the host certificate when less
     * than a third of its validity is left (checked at start and every hour; a failure is logged and tried
     * again at the next check), stores it, reconnects with it, and hands it to {@code renewed} (on the
     * agent thread) for the other TLS servers of the host.
     */
    public static OpsAgent start(OpsConfig config, DesiredStateSink sink, Consumer<HostIdentity> renewed) {
        OpsAgent agent = new OpsAgent(Objects.requireNonNull(config, "config"), Objects.requireNonNull(sink, "sink"),
                Objects.requireNonNull(renewed, "renewed"));
        OwnerOnlyFiles.createDirectory(config.dataDir());
        try {
            agent.executor.submit(agent::restore).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            agent.executor.shutdownNow();
            throw new IllegalStateException("cannot restore the applied state", e.getCause());
        }
        agent.executor.execute(agent::renewIfDue);
        agent.executor.execute(agent::connect);
        agent.executor.scheduleWithFixedDelay(agent::renewIfDue, RENEWAL_CHECK.toMillis(), RENEWAL_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        long interval = config.healthInterval().toMillis();
        agent.executor.scheduleAtFixedRate(agent::sendHealth, interval, interval, TimeUnit.MILLISECONDS);
        return agent;
    }

    /** The host's health changed: a {@code HostHealth} goes to the manager soon (bursts coalesce). */
    public void healthChanged() {
        if (healthPending.compareAndSet(false, true)) {
            onAgentThread(() -> executor.schedule(this::sendHealth, HEALTH_COALESCE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** Forwards a partner's detection to the manager, now or once it is reachable (bounded, drop oldest). */
    public void report(DetectionReport detection) {
        detections.add(Objects.requireNonNull(detection, "detection"));
        onAgentThread(() -> executor.execute(this::flushDetections));
    }

    public OpsStatus status() {
        return status.dropped(detections.dropped());
    }

    /**
     * Ends the stream and stops the agent thread (waiting up to 5 s for it); the applied state stays on
     * disk. Idempotent. Not to be called from the sink (it runs on the thread this waits for).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onAgentThread(() -> executor.execute(() -> dropSession("the host agent is stopping")));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Renews the host certificate if it is due; on the agent thread. */
    private void renewIfDue() {
        if (closed.get() || !identity.renewalDue(config.clock().instant())) {
            return;
        }
        HostIdentity renewal;
        try {
            renewal = Enrolment.renew(identity, config.manager());
            renewal.storeCertificate(config.dataDir());
        } catch (RuntimeException e) {
            LOG.warn("the host certificate expires at {} and could not be renewed (next try in {}): {}",
                    identity.certificate().getNotAfter().toInstant(), RENEWAL_CHECK, e.getMessage());
            return;
        }
        identity = renewal;
        LOG.info("host certificate renewed: serial {}, valid until {}", renewal.certificate().getSerialNumber().toString(16),
                renewal.certificate().getNotAfter().toInstant());
        renewed.accept(renewal);
        if (session.isPresent()) {
            dropSession("reconnecting with the renewed certificate");
            scheduleReconnect();
        }
    }

    private void restore() {
        try {
            state = AppliedState.load(config.dataDir());
        } catch (InvalidProtocolBufferException | UncheckedIOException e) {
            fail("the saved desired state in " + config.dataDir() + " is unreadable; waiting for a snapshot: " + e.getMessage());
            LOG.error("{}", status.lastError().orElseThrow());
            state = AppliedState.empty(config.dataDir());
        }
        state.current().ifPresent(saved -> {
            LOG.info("enforcing the saved desired state, generation {}, until the manager answers", saved.getGeneration());
            status = status.applied(saved.getGeneration());
            deliver(saved);
        });
    }

    private void connect() {
        if (closed.get()) {
            return;
        }
        SyncSession opened;
        try {
            opened = SyncSession.open(config, identity, executor, listener);
        } catch (RuntimeException e) {
            fail("cannot open a stream to the manager: " + e);
            LOG.error("cannot open a stream to the manager at {}", config.manager(), e);
            scheduleReconnect();
            return;
        }
        session = Optional.of(opened);
        opened.send(HostMessage.newBuilder().setHello(HostHello.newBuilder()
                .addVersions(PROTOCOL_VERSION)
                .setAgentVersion(agentVersion())
                .setAppliedGeneration(state.generation())
                .setMuxGuestEndpoint(config.muxGuestEndpoint())
                .setMuxPartnerEndpoint(config.muxPartnerEndpoint())).build());
    }

    private void received(ManagerMessage message) {
        if (!connected) {
            becameConnected();
        }
        switch (message.getBodyCase()) {
            case SNAPSHOT -> applySnapshot(message.getSnapshot());
            case DELTA -> applied(state.applyDelta(message.getDelta()));
            default -> LOG.debug("ignoring a manager message of unknown type");
        }
    }

    private void applySnapshot(DesiredState snapshot) {
        String hostId = config.identity().hostId();
        if (!snapshot.getHostId().isEmpty() && !snapshot.getHostId().equals(hostId)) {
            resync("the manager sent the desired state of host '" + snapshot.getHostId() + "' to host '" + hostId + "'");
            return;
        }
        applied(state.applySnapshot(snapshot));
    }

    private void applied(AppliedState.Outcome outcome) {
        if (outcome instanceof AppliedState.Outcome.OutOfOrder out) {
            resync("a delta from generation " + out.base() + " does not follow the applied generation " + out.current());
            return;
        }
        DesiredState applied = ((AppliedState.Outcome.Applied) outcome).state();
        try {
            state.persist();
        } catch (UncheckedIOException e) {
            fail("cannot save the desired state (it is applied but will not survive a restart): " + e.getMessage());
            LOG.error("{}", status.lastError().orElseThrow(), e);
        }
        status = status.applied(applied.getGeneration());
        Optional<String> refused = deliver(applied);
        if (refused.isPresent()) {
            resync("the MUX did not take generation " + applied.getGeneration() + ": " + refused.get());
            return;
        }
        failures = 0;
        send(HostMessage.newBuilder().setAck(Ack.newBuilder().setGeneration(applied.getGeneration())).build());
    }

    /** Hands the state to the sink; the sink's failure, if any. */
    private Optional<String> deliver(DesiredState full) {
        try {
            sink.apply(full);
            return Optional.empty();
        } catch (RuntimeException e) {
            fail("applying generation " + full.getGeneration() + " failed: " + e);
            LOG.error("applying the desired state, generation {}, failed", full.getGeneration(), e);
            return Optional.of(e.toString());
        }
    }

    private void becameConnected() {
        connected = true;
        everConnected = true;
        unreachableLogged = false;
        status = status.connected(true);
        LOG.info("connected to the manager at {}", config.manager());
        sendHealth();
        flushDetections();
    }

    /** Ends this stream on purpose and reconnects for a snapshot. */
    private void resync(String reason) {
        fail(reason);
        LOG.warn("resynchronising with the manager: {}", reason);
        dropSession(reason);
        scheduleReconnect();
    }

    private void closed(Status ended) {
        String reason = describe(ended);
        fail(reason);
        session.ifPresent(SyncSession::release);
        session = Optional.empty();
        if (connected) {
            LOG.warn("lost the manager at {} ({}); enforcing generation {} and reconnecting", config.manager(), reason, state.generation());
            unreachableLogged = true;
        } else if (!unreachableLogged) {
            LOG.warn("cannot reach the manager at {} ({}); retrying with backoff{}", config.manager(), reason,
                    everConnected ? "" : ", enforcing the saved state meanwhile");
            unreachableLogged = true;
        } else {
            LOG.debug("manager at {} still unreachable: {}", config.manager(), reason);
        }
        disconnected();
        scheduleReconnect();
    }

    private void dropSession(String reason) {
        session.ifPresent(s -> s.cancel(reason));
        session = Optional.empty();
        disconnected();
    }

    private void disconnected() {
        connected = false;
        status = status.connected(false);
    }

    private void scheduleReconnect() {
        if (closed.get()) {
            return;
        }
        Duration delay = backoff.delay(failures++);
        status = status.reconnecting();
        LOG.debug("reconnecting to the manager in {} ms", delay.toMillis());
        executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendHealth() {
        healthPending.set(false);
        if (!connected) {
            return;
        }
        try {
            send(HostMessage.newBuilder().setHealth(sink.health()).build());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the host's health", e);
        }
    }

    private void flushDetections() {
        if (!connected) {
            return;
        }
        SyncSession current = session.orElseThrow();
        while (current.isReady()) {
            Optional<DetectionReport> next = detections.poll();
            if (next.isEmpty()) {
                return;
            }
            current.send(HostMessage.newBuilder().setDetection(next.get()).build());
        }
    }

    private void send(HostMessage message) {
        session.ifPresent(s -> s.send(message));
    }

    private void fail(String error) {
        status = status.failed(error, config.clock().instant());
    }

    private void onAgentThread(Runnable schedule) {
        try {
            schedule.run();
        } catch (RejectedExecutionException e) {
            LOG.debug("the ops agent is closed");
        }
    }

    private static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().toString());
        Optional.ofNullable(status.getDescription()).ifPresent(d -> text.append(": ").append(d));
        Optional.ofNullable(status.getCause()).ifPresent(c -> text.append(" (").append(c.getMessage()).append(')'));
        return text.toString();
    }

    private static String agentVersion() {
        return Optional.ofNullable(OpsAgent.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    /** Takes stream events of the current session only; a stale session's late events are ignored. */
    private final class StreamListener implements SyncSession.Listener {
        @Override
        public void onMessage(SyncSession from, ManagerMessage message) {
            if (session.filter(from::equals).isPresent()) {
                received(message);
            }
        }

        @Override
        public void onReady(SyncSession from) {
            if (session.filter(from::equals).isPresent()) {
                flushDetections();
            }
        }

        @Override
        public void onClosed(SyncSession from, Status ended) {
            if (session.filter(from::equals).isPresent()) {
                closed(ended);
            }
        }
    }
}

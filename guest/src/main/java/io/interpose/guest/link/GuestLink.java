package io.interpose.guest.link;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.GuestHello;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.ChannelStreams;
import io.interpose.protocol.wire.Frames;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest side of the guest link (docs/gi-protocol.md sections 3, 4, 6 and 7): connects to the Context
 * MUX's Unix domain socket, says hello as its VM, keeps the Interest the MUX sends, sends events and brings
 * back verdicts, answers queries and remediation through a {@link GuestResponder}, keeps the session alive
 * with heartbeats, and reconnects with backoff after any close (except {@code REPLACED}: a newer agent for the
 * same VM took over, and this one stops).
 *
 * <p>Threads: per session one reader and one writer thread (daemon); timers (deadlines, heartbeats,
 * reconnects) on the injected scheduler; answers on the injected responder executor. All public methods are
 * thread-safe. {@link #decide} writes its event on the caller's thread when nothing else is being written (no
 * thread hand-off), so it may block while the MUX does not read, at most one heartbeat interval (then the
 * session ends and waiting events get the default); every other method never blocks. Verdict futures
 * complete on the reader thread (or the scheduler's, for defaults): dependent stages should be quick.
 *
 * <p>Failure modes: nothing throws for network trouble. While not connected {@link #decide} completes at once
 * with the default decision and {@link #notify(Event)} returns false; both are counted (see {@link #counters()}).
 * A refused hello is logged at WARN and kept in {@link #refusal()}.
 */
public final class GuestLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuestLink.class);

    private final GuestLinkConfig config;
    private final GuestResponder responder;
    private final LinkListener listener;
    private final ScheduledExecutorService scheduler;
    private final Executor responderExecutor;
    private final AtomicInteger attempts = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder verdicts = new LongAdder();
    private final LongAdder defaulted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder ignoredFrames = new LongAdder();
    private final LongAdder unmatchedVerdicts = new LongAdder();
    private final LongAdder sessions = new LongAdder();
    private volatile Connection current;
    private volatile CurrentInterest interest;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile Optional<Refusal> refusal = Optional.empty();
    private volatile boolean closed;
    private volatile boolean replaced;

    /**
     * A link that does nothing until {@link #start()}.
     *
     * @param scheduler runs connects, reconnect delays, the deadline sweep and heartbeats (one thread is enough)
     * @param responderExecutor runs the responder's answers
     */
    public GuestLink(GuestLinkConfig config, GuestResponder responder, LinkListener listener,
                     ScheduledExecutorService scheduler, Executor responderExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.responder = Objects.requireNonNull(responder, "responder");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.responderExecutor = Objects.requireNonNull(responderExecutor, "responderExecutor");
        this.interest = CurrentInterest.of(Interest.getDefaultInstance(),
                (int) config.fallbackDeadline().toMillis(), config.fallbackDecision());
    }

    /** Connects in the background; the link keeps reconnecting until {@link #close()}. */
    public void start() {
        scheduler.execute(this::connect);
    }

    /**
     * Sends an event that holds an operation and returns its verdict. The link numbers the event and sets
     * {@code awaits_verdict} and {@code deadline_ms} from the current Interest. The future always completes:
     * with the MUX's verdict, or with the Interest's default decision when the deadline passes, the session
     * ends first, too many events wait, or the link is not connected (then at once).
     */
    public CompletableFuture<Verdict> decide(Event event) {
        CurrentInterest now = interest;
        Connection connection = current;
        if (connection == null || !connection.isEstablished()) {
            return defaulted(0, now.defaultDecision(), "not connected");
        }
        return connection.decide(event, now);
    }

    /**
     * Queues a notification event without waiting. False (and counted as dropped) when not connected or the
     * notification queue is full.
     */
    public boolean notify(Event event) {
        Connection connection = current;
        if (connection == null || !connection.offerNotification(event)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** True when the guest decided this verdict itself (its default), false when it came from the MUX. */
    public static boolean isGuestDefault(Verdict verdict) {
        return PendingVerdicts.isFallback(verdict);
    }

    /** The last Interest from the MUX (empty before the first), kept across reconnects until replaced. */
    public CurrentInterest interest() {
        return interest;
    }

    public LinkState state() {
        return state;
    }

    public boolean isConnected() {
        Connection connection = current;
        return connection != null && connection.isEstablished();
    }

    /** Why the MUX refused the last hello, until a hello is accepted. */
    public Optional<Refusal> refusal() {
        return refusal;
    }

    public String vmId() {
        return config.vmId();
    }

    public LinkCounters counters() {
        return new LinkCounters(sent.sum(), verdicts.sum(), defaulted.sum(), dropped.sum(), ignoredFrames.sum(),
                unmatchedVerdicts.sum(), sessions.sum());
    }

    /** True once another agent took this VM's guest link over ({@code Goodbye{REPLACED}}): this link stopped for good. */
    public boolean replaced() {
        return replaced;
    }

    /** Says goodbye ({@code SHUTDOWN}) and stops reconnecting. Waiting events get their default. */
    @Override
    public void close() {
        closed = true;
        Connection connection = current;
        if (connection != null) {
            connection.shutdown(GoodbyeReason.SHUTDOWN, "agent stopping");
        }
        state = LinkState.CLOSED;
    }

    private void connect() {
        if (closed) {
            return;
        }
        state = LinkState.CONNECTING;
        Closeable opened = null;
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            opened = channel;
            channel.connect(UnixDomainSocketAddress.of(config.socket()));
            ChannelStreams streams = ChannelStreams.of(channel);
            opened = streams;
            Connection connection = new Connection(this, streams, config);
            current = connection;
            connection.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            LOG.debug("{}: cannot connect to {}: {}", config.vmId(), config.socket(), e.toString());
            state = LinkState.CLOSED;
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = config.backoff().delay(attempts.getAndIncrement(), ThreadLocalRandom.current().nextDouble()).toNanos();
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: scheduler stopped, no reconnect", config.vmId());
        }
    }

    /** Closes the socket, through its streams once they exist (which also releases their selectors). */
    private static void closeQuietly(Closeable opened) {
        try {
            if (opened != null) {
                opened.close();
            }
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }

    // ---- called by Connection ----

    GuestHello hello() {
        return GuestHello.newBuilder().addVersions(Frames.GI_VERSION).setVmId(config.vmId())
                .setCredential(Objects.requireNonNullElse(config.credential().get(), ""))
                .setAgentName(config.agentName()).setAgentVersion(config.agentVersion())
                .setOsFamily(config.osFamily()).setOsName(config.osName())
                .addAllCapabilities(config.capabilities()).build();
    }

    void helloSent() {
        state = LinkState.HELLO_SENT;
    }

    void established(Connection connection, Welcome welcome) {
        attempts.set(0);
        refusal = Optional.empty();
        sessions.increment();
        state = LinkState.ESTABLISHED;
        LOG.info("{}: guest link established (session {}, host {})", config.vmId(), welcome.getSessionId(), welcome.getHostId());
        listener.onEstablished(welcome);
    }

    void refused(Refusal why) {
        if (refusal.filter(why::equals).isPresent()) {
            LOG.debug("{}: the MUX refused the guest link again: {}", config.vmId(), why);
        } else {
            LOG.warn("{}: the MUX refused the guest link: {}", config.vmId(), why);
        }
        refusal = Optional.of(why);
        listener.onRefused(why);
    }

    void interest(Interest next) {
        interest = CurrentInterest.of(next, (int) config.fallbackDeadline().toMillis(), config.fallbackDecision());
        listener.onInterest(next);
    }

    void ended(Connection connection, Optional<Goodbye> goodbye, String why) {
        if (current == connection) {
            current = null;
        }
        state = LinkState.CLOSED;
        LOG.info("{}: guest link closed: {}", config.vmId(), why);
        listener.onDisconnected(goodbye, why);
        boolean takenOver = goodbye.map(g -> g.getReason() == GoodbyeReason.REPLACED).orElse(false);
        if (takenOver) {
            LOG.warn("{}: another agent took over this VM's guest link; this one stops", config.vmId());
            replaced = true;
            closed = true;
        }
        scheduleReconnect();
    }

    void answer(Connection connection, Query query) {
        respond(connection, () -> responder.answer(query).toBuilder().setQueryId(query.getId()).build(),
                status -> QueryResult.newBuilder().setQueryId(query.getId()).setStatus(status).build(),
                result -> GuestFrame.newBuilder().setQueryResult(result).build());
    }

    void remediate(Connection connection, Remediation order) {
        respond(connection, () -> responder.remediate(order).toBuilder().setRemediationId(order.getId()).build(),
                status -> RemediationResult.newBuilder().setRemediationId(order.getId()).setStatus(status).build(),
                result -> GuestFrame.newBuilder().setRemediationResult(result).build());
    }

    /**
     * Answers on the responder executor: the responder's result, {@code FAILED} if it threw, {@code TOO_LARGE}
     * if its result would not fit in a frame (sending it would end the session).
     */
    private <R> void respond(Connection connection, Supplier<R> answer, Function<Status, R> withStatus,
                             Function<R, GuestFrame> frame) {
        try {
            responderExecutor.execute(() -> connection.sendUrgent(fitting(frame.apply(safely(answer, withStatus)), withStatus, frame)));
        } catch (RejectedExecutionException e) {
            connection.sendUrgent(frame.apply(withStatus.apply(failed())));
        }
    }

    private static <R> GuestFrame fitting(GuestFrame answer, Function<Status, R> withStatus, Function<R, GuestFrame> frame) {
        if (answer.getSerializedSize() <= Frames.MAX_FRAME_BYTES) {
            return answer;
        }
        LOG.warn("guest responder answered {} bytes, more than a frame holds", answer.getSerializedSize());
        return frame.apply(withStatus.apply(Status.newBuilder().setCode(ResultCode.TOO_LARGE)
                .setMessage("the answer is larger than a frame (" + Frames.MAX_FRAME_BYTES + " bytes)").build()));
    }

    private static <R> R safely(Supplier<R> answer, Function<Status, R> withStatus) {
        try {
            return answer.get();
        } catch (RuntimeException e) {
            LOG.warn("guest responder failed", e);
            return withStatus.apply(failed());
        }
    }

    private static Status failed() {
        return Status.newBuilder().setCode(ResultCode.FAILED).setMessage("the guest could not answer").build();
    }

    void unmatchedVerdict() {
        unmatchedVerdicts.increment();
    }

    LongAdder verdictCounter() {
        return verdicts;
    }

    LongAdder defaultedCounter() {
        return defaulted;
    }

    void ignored(GuestFrame.BodyCase body) {
        ignoredFrames.increment();
        LOG.debug("{}: ignored a frame ({})", config.vmId(), body);
    }

    CompletableFuture<Verdict> defaulted(long id, Decision decision, String reason) {
        defaulted.increment();
        return CompletableFuture.completedFuture(PendingVerdicts.fallbackVerdict(id, decision, reason));
    }

    void countSent(long events) {
        sent.add(events);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Logger log() {
        return LOG;
    }
}

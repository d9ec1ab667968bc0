package io.interpose.sdk;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestStatus;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHello;
import io.interpose.protocol.gi.Subscribe;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import io.interpose.protocol.wire.MalformedFrameException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the MUX, from the hello to the close: {@link #run()} is the reader loop, on the
 * client's reader thread; frames go out through a {@link FrameSender}; callbacks go to the {@link Dispatcher}.
 */
final class Session implements VerdictSink {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    static final String SDK_NAME = "interpose-sdk-java";
    static final List<Integer> VERSIONS = List.of(Frames.GI_VERSION);

    private final SSLSocket socket;
    private final Socket tcp;
    private final ClientSettings settings;
    private final ClientContext context;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService timer;
    private final AtomicLong dropped;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Set<String> protectedSinceWelcome = new HashSet<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile FrameSender sender;
    private volatile SessionInfo info;
    private volatile LinkError closeReason;
    private volatile long lastReceivedNanos = System.nanoTime();
    private ScheduledFuture<?> heartbeats;
    private long heartbeatSequence;

    Session(MuxTls.MuxSocket connection, ClientSettings settings, ClientContext context, Dispatcher dispatcher,
            ScheduledExecutorService timer, AtomicLong dropped) throws IOException {
        this.socket = connection.tls();
        this.tcp = connection.tcp();
        this.settings = settings;
        this.context = context;
        this.dispatcher = dispatcher;
        this.timer = timer;
        this.dropped = dropped;
        this.reader = new FrameReader(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024), PartnerFrame.parser(), Frames.HELLO_MAX_FRAME_BYTES);
        this.writer = new FrameWriter(socket.getOutputStream(), Frames.HELLO_MAX_FRAME_BYTES);
    }

    /** Runs the session until it ends; the cause, or empty-handed ({@code null}) when {@link #shutdown()} ended it. */
    LinkError run() {
        try {
            establish(awaitWelcome());
            for (Object frame = reader.read(); frame != null; frame = reader.read()) {
                lastReceivedNanos = System.nanoTime();
                LinkError end = handle((PartnerFrame) frame);
                if (end != null) {
                    return end;
                }
            }
            return ended(new LinkError(LinkError.Kind.CONNECTION_LOST, "the MUX closed the connection"));
        } catch (SessionEnd e) {
            return e.error;
        } catch (MalformedFrameException e) {
            sayGoodbye(GoodbyeReason.PROTOCOL_ERROR, e.getMessage());
            return new LinkError(LinkError.Kind.PROTOCOL_ERROR, "malformed frame from the MUX: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return ended(new LinkError(LinkError.Kind.CONNECT_FAILED, "no Welcome within " + settings.helloTimeout().toMillis() + " ms"));
        } catch (IOException e) {
            return ended(new LinkError(LinkError.Kind.CONNECTION_LOST, e.toString()));
        } finally {
            close(null);
        }
    }

    boolean established() {
        return info != null;
    }

    SessionInfo info() {
        return info;
    }

    /** Ends the session on purpose: Goodbye{SHUTDOWN}, then close. */
    void shutdown() {
        closeReason = null;
        close(goodbye(GoodbyeReason.SHUTDOWN, "the service is stopping"));
    }

    boolean offer(PartnerFrame frame) {
        FrameSender current = sender;
        return !closed.get() && current != null && current.offer(frame);
    }

    /** Queues a frame someone waits for (a verdict, a query) and writes it on this thread if it can. */
    boolean sendNow(PartnerFrame frame) {
        FrameSender current = sender;
        return !closed.get() && current != null && current.sendNow(frame);
    }

    @Override
    public boolean send(long eventId, Verdict verdict) {
        return sendNow(PartnerFrame.newBuilder().setVerdict(io.interpose.protocol.gi.Verdict.newBuilder().setEventId(eventId)
                .setDecision(verdict.decision()).setCacheTtlMs(verdict.cacheTtlMillis()).setReason(verdict.reason())).build());
    }

    private Welcome awaitWelcome() throws IOException {
        SvmEnvironment env = settings.environment();
        writer.write(PartnerFrame.newBuilder().setHello(ServiceHello.newBuilder().addAllVersions(VERSIONS)
                .setDeploymentId(env.deploymentId()).setHostId(env.hostId()).setCredential(env.svmToken())
                .setSdkName(SDK_NAME).setSdkVersion(GuestIntrospectionClient.SDK_VERSION)
                .setSolutionVersion(settings.solutionVersion())).build());
        writer.flush();
        socket.setSoTimeout((int) settings.helloTimeout().toMillis());
        PartnerFrame frame = reader.next();
        if (frame == null) {
            throw new SessionEnd(new LinkError(LinkError.Kind.CONNECTION_LOST, "the MUX closed the connection before its Welcome"));
        }
        return switch (frame.getBodyCase()) {
            case WELCOME -> checked(frame.getWelcome());
            case GOODBYE -> throw new SessionEnd(refusal(frame.getGoodbye()));
            default -> throw protocolError("expected Welcome or Goodbye, got " + frame.getBodyCase());
        };
    }

    private Welcome checked(Welcome welcome) {
        if (!VERSIONS.contains(welcome.getVersion())) {
            throw protocolError("the Welcome chose version " + welcome.getVersion() + ", which this SDK did not offer");
        }
        return welcome;
    }

    private void establish(Welcome welcome) throws IOException {
        socket.setSoTimeout(0);
        int maxFrame = welcome.getMaxFrameBytes() == 0 ? Frames.MAX_FRAME_BYTES : welcome.getMaxFrameBytes();
        reader.maxFrameBytes(maxFrame);
        writer.maxFrameBytes(maxFrame);
        FrameSender started = new FrameSender(writer, settings.sendQueueCapacity(), this::closeSocket);
        started.start("interpose-sdk-writer");
        sender = started;
        info = new SessionInfo(welcome.getVersion(), welcome.getHostId(), welcome.getSessionId(), maxFrame);
        context.established(this);
        offer(PartnerFrame.newBuilder().setSubscribe(subscribe()).build());
        context.lastHealth().ifPresent(this::offer);
        startHeartbeats(welcome.getHeartbeatIntervalMs() == 0 ? 5000 : welcome.getHeartbeatIntervalMs());
        SessionInfo established = info;
        dispatcher.submit("", () -> settings.service().onConnected(established, context));
        LOG.info("connected to the Context MUX of host {} (session {}, protocol version {})",
                welcome.getHostId(), welcome.getSessionId(), welcome.getVersion());
    }

    private Subscribe subscribe() {
        Subscribe.Builder subscribe = Subscribe.newBuilder();
        settings.service().subscriptions().forEach(s -> subscribe.addSubscriptionsBuilder().setType(s.type()).setMode(s.mode()));
        return subscribe.build();
    }

    /** The session's end when {@code frame} ends it, else null. */
    private LinkError handle(PartnerFrame frame) {
        switch (frame.getBodyCase()) {
            case EVENT -> event(frame.getEvent());
            case PROTECTION -> protect(ProtectedVm.of(frame.getProtection()));
            case UNPROTECTION -> unprotect(frame.getUnprotection().getVmId());
            case PROTECTION_SYNC -> sync();
            case GUEST_STATUS -> guestStatus(frame.getGuestStatus());
            case QUERY_RESULT -> context.queries.complete(frame.getQueryResult().getQueryId(), frame.getQueryResult());
            case REMEDIATION_RESULT -> context.remediations.complete(frame.getRemediationResult().getRemediationId(),
                    frame.getRemediationResult());
            case HEARTBEAT -> heartbeat(frame.getHeartbeat());
            case GOODBYE -> {
                return refusal(frame.getGoodbye());
            }
            case WELCOME, HELLO -> {
                sayGoodbye(GoodbyeReason.PROTOCOL_ERROR, "unexpected " + frame.getBodyCase());
                return new LinkError(LinkError.Kind.PROTOCOL_ERROR, "the MUX sent " + frame.getBodyCase() + " during the session");
            }
            default -> LOG.debug("ignoring a frame of a type this SDK does not handle: {}", frame.getBodyCase());
        }
        return null;
    }

    private void event(Event message) {
        GuestEvent event = new GuestEvent(message, this, System.nanoTime());
        if (!dispatcher.offerEvent(message.getVmId(), () -> deliver(event))) {
            long count = dropped.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                LOG.warn("the event queue is full: {} events dropped or answered with the default verdict so far", count);
            }
            event.answer(settings.defaultVerdict());
        }
    }

    private void deliver(GuestEvent event) {
        try {
            settings.service().onEvent(event, context);
        } catch (RuntimeException | Error e) {
            if (event.answer(settings.defaultVerdict())) {
                LOG.warn("onEvent failed for {}; answered with the default verdict {}", event, settings.defaultVerdict().decision(), e);
            } else {
                LOG.warn("onEvent failed for {}", event, e);
            }
        }
    }

    private void protect(ProtectedVm vm) {
        context.protectionSet().put(vm.vmId(), vm);
        protectedSinceWelcome.add(vm.vmId());
        dispatcher.submit(vm.vmId(), () -> settings.service().onProtected(vm, context));
    }

    private void unprotect(String vmId) {
        ProtectedVm vm = context.protectionSet().remove(vmId);
        if (vm != null) {
            dispatcher.submit(vmId, () -> settings.service().onUnprotected(vm, context));
        }
    }

    /** The full set has arrived: VMs remembered from before and not in it are no longer protected. */
    private void sync() {
        List.copyOf(context.protectionSet().keySet()).stream().filter(id -> !protectedSinceWelcome.contains(id)).forEach(this::unprotect);
    }

    private void guestStatus(GuestStatus status) {
        context.protectionSet().computeIfPresent(status.getVmId(), (id, vm) -> vm.withGuestConnected(status.getConnected()));
        GuestAgentStatus change = new GuestAgentStatus(status.getVmId(), status.getConnected(), status.getAgentVersion(),
                Set.copyOf(status.getCapabilitiesList()));
        dispatcher.submit(status.getVmId(), () -> settings.service().onGuestStatus(change, context));
    }

    private void heartbeat(Heartbeat heartbeat) {
        if (!heartbeat.getReply()) {
            offer(PartnerFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(heartbeat.getSequence()).setReply(true)).build());
        }
    }

    private void startHeartbeats(long intervalMillis) {
        long tick = Math.max(50, intervalMillis / 2);
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        heartbeats = timer.scheduleAtFixedRate(() -> checkLiveness(intervalNanos), tick, tick, TimeUnit.MILLISECONDS);
    }

    private void checkLiveness(long intervalNanos) {
        long now = System.nanoTime();
        if (now - lastReceivedNanos >= 3 * intervalNanos) {
            closeReason = new LinkError(LinkError.Kind.CONNECTION_LOST, "the MUX was silent for three heartbeat intervals");
            close(goodbye(GoodbyeReason.IDLE_TIMEOUT, "no frame for three heartbeat intervals"));
        } else if (sender.stalled(now, intervalNanos)) {
            closeReason = new LinkError(LinkError.Kind.CONNECTION_LOST, "the MUX did not read for a heartbeat interval");
            close(null, true);
        } else if (now - sender.lastSentNanos() >= intervalNanos) {
            offer(PartnerFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(++heartbeatSequence)).build());
        }
    }

    private LinkError refusal(Goodbye goodbye) {
        return switch (goodbye.getReason()) {
            case VERSION_UNSUPPORTED -> new LinkError(LinkError.Kind.VERSION_UNSUPPORTED, "the MUX speaks protocol versions "
                    + goodbye.getSupportedVersionsList() + ", this SDK speaks " + VERSIONS + ": " + goodbye.getMessage());
            case AUTHENTICATION_FAILED -> new LinkError(LinkError.Kind.AUTHENTICATION_FAILED,
                    "the MUX refused this SVM's identity: " + goodbye.getMessage());
            default -> new LinkError(LinkError.Kind.CLOSED_BY_MUX, "Goodbye " + goodbye.getReason() + ": " + goodbye.getMessage());
        };
    }

    private SessionEnd protocolError(String message) {
        sayGoodbye(GoodbyeReason.PROTOCOL_ERROR, message);
        return new SessionEnd(new LinkError(LinkError.Kind.PROTOCOL_ERROR, message));
    }

    private void sayGoodbye(GoodbyeReason reason, String message) {
        PartnerFrame goodbye = goodbye(reason, message);
        if (sender == null) {
            try {
                writer.write(goodbye);
                writer.flush();
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not send Goodbye: {}", e.toString());
            }
        }
        close(goodbye);
    }

    private static PartnerFrame goodbye(GoodbyeReason reason, String message) {
        String text = message == null ? "" : message.length() > 500 ? message.substring(0, 500) : message;
        return PartnerFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason(reason).setMessage(text)).build();
    }

    private LinkError ended(LinkError otherwise) {
        return closed.get() ? closeReason : otherwise;
    }

    private void close(PartnerFrame last) {
        close(last, false);
    }

    /**
     * Closes once. {@code socketFirst}: the writer is stuck in the socket, which must close before the
     * sender can stop; the session counts as closed before that, so that the reader, failing on the
     * closed socket, reports the reason rather than the closed socket.
     */
    private void close(PartnerFrame last, boolean socketFirst) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (socketFirst) {
            closeSocket();
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        FrameSender current = sender;
        if (current != null) {
            current.stop(last);
        }
        closeSocket();
        context.ended(this);
    }

    /**
     * Closes the connection: the TLS socket (with its close_notify) when nothing is being written, else
     * the TCP socket under it, which ends a write blocked on a MUX that does not read (closing the TLS
     * socket would wait for that write's lock forever).
     */
    private void closeSocket() {
        FrameSender current = sender;
        try {
            if (current != null && current.writing()) {
                tcp.close();
            }
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the MUX connection: {}", e.toString());
        }
    }

    /** Ends {@link #run()} with a cause. */
    private static final class SessionEnd extends RuntimeException {
        final transient LinkError error;

        SessionEnd(LinkError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}

package io.interpose.guest.link;

import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.ChannelStreams;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import io.interpose.protocol.wire.MalformedFrameException;
import io.interpose.protocol.wire.Outbox;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session of the guest link: its socket, its reader thread, its two bounded send queues (urgent:
 * events awaiting a verdict, answers, heartbeats; and notifications, which never delay the former) written
 * through an {@link Outbox}, and its events waiting for a verdict. An event awaiting a verdict is written on
 * the caller's thread when nobody else is writing (no thread hand-off); everything else goes to the
 * writer thread, in batches. A caller writing may wait while the MUX does not read, until the session's
 * tick sees the write stalled for a heartbeat interval and ends the session.
 */
final class Connection {

    private static final int DIRECT_FRAMES = 16;
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 10;
    private static final Duration GOODBYE_WAIT = Duration.ofMillis(100);

    private final GuestLink link;
    private final ChannelStreams channel;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final ArrayBlockingQueue<GuestFrame> urgent;
    private final ArrayBlockingQueue<GuestFrame> notifications;
    private final PendingVerdicts pending;
    private final AtomicLong nextEventId = new AtomicLong();
    private final AtomicLong heartbeatSequence = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Outbox<GuestFrame> outbox;
    private final Thread readerThread;
    private final String threadName;
    private volatile boolean established;
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile Optional<Goodbye> goodbye = Optional.empty();
    private long heartbeatNanos;
    private volatile ScheduledFuture<?> ticker;
    private volatile ScheduledFuture<?> handshakeTimeout;

    Connection(GuestLink link, ChannelStreams channel, GuestLinkConfig config) {
        this.link = link;
        this.channel = channel;
        this.reader = new FrameReader(channel.input(),
                GuestFrame.parser(), Frames.HELLO_MAX_FRAME_BYTES);
        this.writer = new FrameWriter(channel.output(), Frames.HELLO_MAX_FRAME_BYTES);
        this.urgent = new ArrayBlockingQueue<>(config.sendQueue());
        this.notifications = new ArrayBlockingQueue<>(config.notifyQueue());
        this.pending = new PendingVerdicts(config.maxWaiting(), link.verdictCounter(), link.defaultedCounter());
        this.outbox = new Outbox<>(new Queued(), new Sink(), DIRECT_FRAMES, e -> end("write failed: " + e));
        this.threadName = "gi-guest-" + config.vmId();
        this.readerThread = new Thread(this::readLoop, threadName + "-reader");
        readerThread.setDaemon(true);
    }

    void start() {
        handshakeTimeout = link.scheduler().schedule(
                () -> end("no Welcome within " + HANDSHAKE_TIMEOUT_SECONDS + " s"), HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        readerThread.start();
    }

    boolean isEstablished() {
        return established && !ended.get();
    }

    CompletableFuture<Verdict> decide(Event event, CurrentInterest interest) {
        long id = nextEventId.incrementAndGet();
        CompletableFuture<Verdict> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interest.deadlineMs());
        if (!pending.add(id, future, deadline, interest.defaultDecision())) {
            return link.defaulted(id, interest.defaultDecision(), "too many events waiting for a verdict");
        }
        Event numbered = event.toBuilder().setId(id).setAwaitsVerdict(true).setDeadlineMs(interest.deadlineMs()).build();
        if (!urgent.offer(GuestFrame.newBuilder().setEvent(numbered).build())) {
            fallBack(id, "send queue full");
        } else if (ended.get()) {
            fallBack(id, "connection closed");
        } else {
            outbox.send();
        }
        return future;
    }

    boolean offerNotification(Event event) {
        if (!isEstablished()) {
            return false;
        }
        Event numbered = event.toBuilder().setId(nextEventId.incrementAndGet()).setAwaitsVerdict(false).build();
        if (!notifications.offer(GuestFrame.newBuilder().setEvent(numbered).build())) {
            return false;
        }
        outbox.wake();
        return true;
    }

    /** Queues an answer or a heartbeat, waiting up to a second for room; false when it could not. */
    boolean sendUrgent(GuestFrame frame) {
        try {
            boolean queued = !ended.get() && urgent.offer(frame, 1, TimeUnit.SECONDS);
            outbox.wake();
            return queued;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Says goodbye (best effort, without waiting for a stuck peer) and ends the session. */
    void shutdown(GoodbyeReason reason, String message) {
        try {
            if (!ended.get()) {
                outbox.writeLast(GuestFrame.newBuilder()
                        .setGoodbye(Goodbye.newBuilder().setReason(reason).setMessage(message)).build(), GOODBYE_WAIT);
            }
        } catch (IOException | InterruptedException e) {
            link.log().debug("{}: goodbye not delivered: {}", link.vmId(), e.toString());
        }
        end("closed by the guest: " + reason + " " + message);
    }

    private void fallBack(long id, String reason) {
        pending.fallBack(id, reason);
    }

    private void readLoop() {
        String why = "closed by the MUX";
        try {
            handshake();
            for (GuestFrame frame = reader.next(); frame != null && dispatch(frame); frame = reader.next()) {
                lastReceivedNanos = System.nanoTime();
            }
        } catch (MalformedFrameException e) {
            why = "protocol error from the MUX: " + e.getMessage();
            shutdown(GoodbyeReason.PROTOCOL_ERROR, e.getMessage());
        } catch (ProtocolViolation e) {
            why = "protocol error from the MUX: " + e.getMessage();
            shutdown(GoodbyeReason.PROTOCOL_ERROR, e.getMessage());
        } catch (IOException e) {
            why = ended.get() ? "closed" : "connection lost: " + e;
        } finally {
            end(goodbye.map(g -> "goodbye from the MUX: " + g.getReason() + " " + g.getMessage()).orElse(why));
        }
    }

    private void handshake() throws IOException {
        writer.write(GuestFrame.newBuilder().setHello(link.hello()).build());
        writer.flush();
        link.helloSent();
        GuestFrame first = reader.next();
        if (first == null) {
            throw new IOException("the MUX closed the connection before its Welcome");
        }
        if (first.hasGoodbye()) {
            goodbye = Optional.of(first.getGoodbye());
            link.refused(Refusal.of(first.getGoodbye()));
            throw new IOException("refused");
        }
        if (!first.hasWelcome()) {
            throw new ProtocolViolation("expected a Welcome, got " + first.getBodyCase());
        }
        establish(first.getWelcome());
    }

    private void establish(Welcome welcome) {
        if (welcome.getVersion() != Frames.GI_VERSION) {
            throw new ProtocolViolation("the Welcome chose version " + welcome.getVersion() + ", not one we offered");
        }
        int limit = welcome.getMaxFrameBytes() > 0 ? welcome.getMaxFrameBytes() : Frames.MAX_FRAME_BYTES;
        reader.maxFrameBytes(limit);
        writer.maxFrameBytes(limit);
        int heartbeatMs = welcome.getHeartbeatIntervalMs() > 0 ? welcome.getHeartbeatIntervalMs() : 5_000;
        heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
        handshakeTimeout.cancel(false);
        lastReceivedNanos = System.nanoTime();
        outbox.start(threadName + "-writer");
        long tickMs = Math.max(1, Math.min(10, heartbeatMs / 4));
        ticker = link.scheduler().scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        established = true;
        link.established(this, welcome);
    }

    /** Handles one frame; false when the session ends with it. */
    private boolean dispatch(GuestFrame frame) {
        switch (frame.getBodyCase()) {
            case VERDICT -> {
                if (!pending.complete(frame.getVerdict())) {
                    link.unmatchedVerdict();
                }
            }
            case HEARTBEAT -> answerHeartbeat(frame.getHeartbeat());
            case INTEREST -> link.interest(frame.getInterest());
            case QUERY -> link.answer(this, frame.getQuery());
            case REMEDIATION -> link.remediate(this, frame.getRemediation());
            case GOODBYE -> {
                goodbye = Optional.of(frame.getGoodbye());
                return false;
            }
            case WELCOME, HELLO -> throw new ProtocolViolation("a second " + frame.getBodyCase());
            default -> link.ignored(frame.getBodyCase());
        }
        return true;
    }

    private void answerHeartbeat(Heartbeat heartbeat) {
        if (!heartbeat.getReply()) {
            urgent.offer(GuestFrame.newBuilder().setHeartbeat(heartbeat.toBuilder().setReply(true)).build());
            outbox.wake();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        pending.expire(now, "no verdict in time");
        if (outbox.stalled(now, heartbeatNanos)) {
            end("the MUX did not read for a heartbeat interval");
        } else if (now - lastReceivedNanos > 3 * heartbeatNanos) {
            shutdown(GoodbyeReason.IDLE_TIMEOUT, "nothing received for three heartbeat intervals");
        } else if (now - Math.max(outbox.lastFlushNanos(), lastHeartbeatNanos) >= heartbeatNanos) {
            lastHeartbeatNanos = now;
            Heartbeat beat = Heartbeat.newBuilder().setSequence(heartbeatSequence.incrementAndGet()).build();
            urgent.offer(GuestFrame.newBuilder().setHeartbeat(beat).build());
            outbox.wake();
        }
    }

    /** The two queues, urgent first. */
    private final class Queued implements Outbox.Source<GuestFrame> {
        @Override
        public GuestFrame poll() {
            GuestFrame frame = urgent.poll();
            return frame != null ? frame : notifications.poll();
        }

        @Override
        public boolean isEmpty() {
            return urgent.isEmpty() && notifications.isEmpty();
        }
    }

    /** Writes frames and counts the events sent. */
    private final class Sink implements Outbox.Sink<GuestFrame> {
        @Override
        public boolean write(GuestFrame frame) throws IOException {
            writer.write(frame);
            if (frame.hasEvent()) {
                link.countSent(1);
            }
            return true;
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }
    }

    /** Ends the session once: closes the socket, applies the default to waiting events, tells the link. */
    void end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            link.log().debug("{}: close: {}", link.vmId(), e.toString());
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        outbox.stop();
        pending.fallBackAll("connection closed");
        link.ended(this, goodbye, why);
    }

    /** A frame the protocol does not allow at this point. */
    private static final class ProtocolViolation extends RuntimeException {
        ProtocolViolation(String message) {
            super(message);
        }
    }
}

package io.interpose.host.mux;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.Heartbeat;
import io.interpose.protocol.wire.FrameReader;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Frames;
import io.interpose.protocol.wire.MalformedFrameException;
import io.interpose.protocol.wire.Outbox;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framed connection of either link: a reader thread that hands each frame to its {@link Inbound},
 * and an {@link Outbox} over a bounded outbound queue. {@link #send} leaves a frame to the writer thread,
 * which writes batches; {@link #sendNow} writes on the calling thread when nobody else is writing (a
 * frame someone waits for), so a verdict round trip does not pay a thread hand-off per hop. Queuing
 * never blocks: a full queue refuses the frame. Writing now may block the calling thread on a peer that
 * stopped reading, at most until {@link #tick} closes that peer (one heartbeat interval without
 * progress); only one thread at a time writes to a connection. Closing is idempotent; the inbound side
 * hears of it once, at once, on the closing thread.
 */
final class Connection<F extends MessageLite> {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final Object CLOSE = new Object();
    private static final long CLOSE_GRACE_MILLIS = 1000;
    /** The most frames a thread writing now writes before leaving the rest to the writer thread. */
    private static final int DIRECT_FRAMES = 16;

    /** How a link builds its session frames. */
    interface Link<F> {
        Parser<F> parser();

        F goodbye(Goodbye goodbye);

        F heartbeat(Heartbeat heartbeat);
    }

    /** What a connection tells its session. Called on the reader thread, except {@code closed}. */
    interface Inbound<F> {
        void frame(F frame) throws IOException;

        void closed(GoodbyeReason reason);
    }

    private final Link<F> link;
    private final Closeable raw;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final ArrayBlockingQueue<Object> queue;
    private final Outbox<Object> outbox;
    private final ScheduledExecutorService scheduler;
    private final int reserve;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Inbound<F> inbound;
    private volatile String peer;
    private volatile boolean established;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private long heartbeatSequence;

    Connection(String peer, Link<F> link, InputStream in, OutputStream out, Closeable raw, int queueFrames,
            ScheduledExecutorService scheduler) {
        this.peer = peer;
        this.link = link;
        this.raw = raw;
        this.reader = new FrameReader(in, link.parser(), Frames.HELLO_MAX_FRAME_BYTES);
        this.writer = new FrameWriter(out, Frames.HELLO_MAX_FRAME_BYTES);
        this.queue = new ArrayBlockingQueue<>(queueFrames);
        this.reserve = Math.max(1, queueFrames / 8);
        this.scheduler = scheduler;
        this.outbox = new Outbox<>(Outbox.Source.of(queue), new Sink(), DIRECT_FRAMES, e -> abort(GoodbyeReason.SHUTDOWN));
    }

    /** Starts the reader and writer threads, named after the peer. */
    void start(String threadName, Inbound<F> inbound) {
        this.inbound = inbound;
        new Thread(this::readLoop, threadName + "-read").start();
        outbox.start(threadName + "-write");
    }

    String peer() {
        return peer;
    }

    void peer(String name) {
        this.peer = name;
    }

    boolean established() {
        return established;
    }

    boolean open() {
        return !closed.get();
    }

    /** After the Welcome is queued: frames up to the negotiated size, heartbeats from now on. */
    void establish() {
        reader.maxFrameBytes(Frames.MAX_FRAME_BYTES);
        writer.maxFrameBytes(Frames.MAX_FRAME_BYTES);
        established = true;
    }

    /** Queues a frame for the writer thread; false when the queue is full or the connection closed. */
    boolean send(F frame) {
        if (closed.get() || !queue.offer(frame)) {
            return false;
        }
        outbox.wake();
        return true;
    }

    /**
     * Queues a frame someone waits for and writes it on this thread if nobody is writing. Only a guest's
     * reader uses it, for events it forwards to an SVM (see the host README's Threads).
     */
    private boolean sendNow(F frame) {
        if (closed.get() || !queue.offer(frame)) {
            return false;
        }
        outbox.send();
        return true;
    }

    /**
     * Queues a guest event, leaving the last eighth of the queue to session frames (verdicts,
     * protection updates, heartbeats), so that a flood of events never crowds them out. An event
     * awaiting a verdict is written now ({@link #sendNow}); a notification is left to the writer.
     */
    boolean sendEvent(F frame, boolean awaited) {
        return hasRoomForEvent() && (awaited ? sendNow(frame) : send(frame));
    }

    /**
     * True when {@link #sendEvent} would likely accept a frame now (it may still refuse one if others
     * filled the queue meanwhile): lets a caller skip building a frame that would be dropped.
     */
    boolean hasRoomForEvent() {
        return queue.remainingCapacity() > reserve && !closed.get();
    }

    /** Says goodbye (best effort, within a grace period) and closes. */
    void close(GoodbyeReason reason, String message) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.clear();
        queue.offer(link.goodbye(Goodbye.newBuilder().setReason(reason).setMessage(message).build()));
        queue.offer(CLOSE);
        outbox.wake();
        scheduler.schedule(this::closeRaw, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        notifyClosed(reason);
    }

    /** Sends a goodbye built by the caller (VERSION_UNSUPPORTED carries versions) and closes. */
    void close(Goodbye goodbye) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(link.goodbye(goodbye));
            queue.offer(CLOSE);
            outbox.wake();
            scheduler.schedule(this::closeRaw, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            notifyClosed(goodbye.getReason());
        }
    }

    /** Closes at once without a goodbye: the peer left, or does not read. */
    void abort(GoodbyeReason reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            outbox.stop();
            closeRaw();
            notifyClosed(reason);
        }
    }

    /**
     * Periodic care: closes a silent peer (three heartbeat intervals), a peer that does not read (a
     * write made no progress for one interval), and sends a heartbeat when nothing was sent for one.
     */
    void tick(long now, long intervalNanos) {
        if (closed.get() || !established) {
            return;
        }
        if (outbox.stalled(now, intervalNanos)) {
            log.warn("Closing {}: it does not read (outbound queue stuck at {} frames)", peer, queue.size());
            abort(GoodbyeReason.OVERLOADED);
        } else if (now - lastReceivedNanos > 3 * intervalNanos) {
            log.info("Closing {}: nothing received for three heartbeat intervals", peer);
            close(GoodbyeReason.IDLE_TIMEOUT, "nothing received for three heartbeat intervals");
        } else if (now - Math.max(outbox.lastFlushNanos(), lastHeartbeatNanos) >= intervalNanos) {
            lastHeartbeatNanos = now;
            send(link.heartbeat(Heartbeat.newBuilder().setSequence(++heartbeatSequence).build()));
        }
    }

    @SuppressWarnings("unchecked")
    private void readLoop() {
        try {
            while (!closed.get()) {
                Object frame = reader.read();
                if (frame == null) {
                    abort(GoodbyeReason.SHUTDOWN);
                    return;
                }
                lastReceivedNanos = System.nanoTime();
                inbound.frame((F) frame);
            }
        } catch (MalformedFrameException | ProtocolViolation e) {
            if (!closed.get()) {
                log.warn("Closing {}: protocol error: {}", peer, e.getMessage());
                close(GoodbyeReason.PROTOCOL_ERROR, e.getMessage());
            }
        } catch (IOException e) {
            if (!closed.get()) {
                log.info("Closing {}: {}", peer, e.toString());
                abort(GoodbyeReason.SHUTDOWN);
            }
        } catch (RuntimeException e) {
            log.error("Closing {}: internal error", peer, e);
            close(GoodbyeReason.SHUTDOWN, "internal error");
        }
    }

    /** Writes frames; the close marker flushes, closes the socket and stops the outbox. */
    private final class Sink implements Outbox.Sink<Object> {
        @Override
        public boolean write(Object frame) throws IOException {
            if (frame == CLOSE) {
                writer.flush();
                closeRaw();
                return false;
            }
            try {
                writer.write((MessageLite) frame);
            } catch (IllegalArgumentException tooLarge) {
                log.warn("Not sending a frame to {}: {}", peer, tooLarge.getMessage());
            }
            return true;
        }

        @Override
        public void flush() throws IOException {
            writer.flush();
        }
    }

    private void notifyClosed(GoodbyeReason reason) {
        Inbound<F> target = inbound;
        if (target != null) {
            target.closed(reason);
        }
    }

    private void closeRaw() {
        try {
            raw.close();
        } catch (IOException e) {
            log.debug("Closing {}: {}", peer, e.toString());
        }
    }
}

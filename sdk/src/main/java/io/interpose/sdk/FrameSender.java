package io.interpose.sdk;

import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.wire.FrameWriter;
import io.interpose.protocol.wire.Outbox;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one session: a bounded queue and an {@link Outbox}. {@link #offer} leaves a frame
 * to the writer thread, which writes batches; {@link #sendNow} (verdicts, queries, remediation) writes on
 * the calling thread when nobody else is writing, so that a verdict costs no thread hand-off. Queuing
 * never blocks: a full queue refuses the frame. Writing now may block a partner's thread while the MUX
 * does not read, until the session's liveness check sees the write {@link #stalled} and closes it.
 */
final class FrameSender {
    private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);
    private static final int DIRECT_FRAMES = 16;

    private final BlockingQueue<PartnerFrame> queue;
    private final Outbox<PartnerFrame> outbox;

    FrameSender(FrameWriter writer, int capacity, Runnable onFailure) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.outbox = new Outbox<>(Outbox.Source.of(queue), Outbox.framesTo(writer), DIRECT_FRAMES, e -> {
            LOG.debug("writing to the MUX failed: {}", e.toString());
            onFailure.run();
        });
    }

    void start(String threadName) {
        outbox.start(threadName);
    }

    /** Queues a frame for the writer thread; false when the queue is full. */
    boolean offer(PartnerFrame frame) {
        if (!queue.offer(frame)) {
            return false;
        }
        outbox.wake();
        return true;
    }

    /** Queues a frame and writes it on this thread if nobody is writing; false when the queue is full. */
    boolean sendNow(PartnerFrame frame) {
        if (!queue.offer(frame)) {
            return false;
        }
        outbox.send();
        return true;
    }

    long lastSentNanos() {
        return outbox.lastFlushNanos();
    }

    /** True when a write made no progress for {@code limitNanos}: the MUX does not read. */
    boolean stalled(long nowNanos, long limitNanos) {
        return outbox.stalled(nowNanos, limitNanos);
    }

    /** True while a thread is writing to the socket (possibly blocked on a MUX that does not read). */
    boolean writing() {
        return outbox.writing();
    }

    /** Sends what is queued, then {@code last} if given, and stops; waits at most a second. */
    void stop(PartnerFrame last) {
        if (last != null) {
            queue.offer(last);
        }
        outbox.finish(Duration.ofSeconds(1));
    }
}

package io.interpose.sdk;

import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.wire.FrameWriter;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread of one session: takes frames from a bounded queue, writes every frame waiting, then
 * flushes once (batching). {@link #offer} never blocks; a full queue refuses the frame.
 */
final class FrameSender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameSender.class);
    private static final PartnerFrame STOP = PartnerFrame.getDefaultInstance();

    private final FrameWriter writer;
    private final BlockingQueue<PartnerFrame> queue;
    private final Runnable onFailure;
    private final Thread thread;
    private volatile long lastSentNanos = System.nanoTime();
    private volatile boolean stopped;

    FrameSender(FrameWriter writer, int capacity, Runnable onFailure, String name) {
        this.writer = writer;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.onFailure = onFailure;
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean offer(PartnerFrame frame) {
        return !stopped && queue.offer(frame);
    }

    long lastSentNanos() {
        return lastSentNanos;
    }

    /** Sends what is queued, then {@code last} if given, and stops; waits at most a second. */
    void stop(PartnerFrame last) {
        if (last != null) {
            queue.offer(last);
        }
        stopped = true;
        queue.offer(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            for (PartnerFrame frame = queue.take(); frame != STOP; frame = queue.take()) {
                if (!drain(frame)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!stopped) {
                LOG.debug("writing to the MUX failed: {}", e.toString());
                onFailure.run();
            }
        }
    }

    /** Writes {@code first} and everything queued behind it, then flushes; false when told to stop. */
    private boolean drain(PartnerFrame first) throws IOException {
        boolean goOn = true;
        for (PartnerFrame frame = first; frame != null; frame = queue.poll()) {
            if (frame == STOP) {
                goOn = false;
                break;
            }
            writer.write(frame);
        }
        writer.flush();
        lastSentNanos = System.nanoTime();
        return goOn;
    }
}

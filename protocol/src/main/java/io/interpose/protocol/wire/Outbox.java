package io.interpose.protocol.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The sending side of one connection. Its owner queues frames in its own bounded queue(s), seen through
 * a {@link Source}, then either {@linkplain #send() sends now} or {@linkplain #wake() wakes the writer}.
 *
 * <p><b>Sending now</b> (for frames someone waits for: an event awaiting a verdict, a verdict): when no
 * thread is writing, the calling thread writes what is queued itself (at most {@code directLimit}
 * frames) and flushes, with no hand-off to another thread; a thread wake-up is what a verdict round trip
 * costs most on a small machine. When a thread is writing, it takes the frame along. <b>Waking the
 * writer</b> (for notifications and other bulk): the outbox's own thread writes everything queued and
 * flushes once, so a flood is written in large batches.
 *
 * <p><b>Order</b>: frames are taken from the source only under the write lock, so they leave in the
 * order the source gives them, whichever thread writes them.
 *
 * <p><b>Blocking</b>: a thread that sends now blocks while the socket's send buffer is full. Only one
 * thread writes at a time, so a peer that stops reading blocks at most one thread; the owner sees it
 * with {@link #stalled} and closes the socket, which ends the blocked write with an exception.
 *
 * <p><b>Failure</b>: the first {@link IOException} (or a frame the sink refuses with a runtime exception,
 * such as one over the frame limit) stops the outbox and goes to the failure handler, once, on whichever
 * thread met it, as an {@link IOException}. Nothing is written after {@link #stop()} or a failure.
 */
public final class Outbox<F> {

    /** Where the frames wait: one queue, or several read in priority order. */
    public interface Source<F> {
        /** The next frame to write, or null when none waits. */
        F poll();

        boolean isEmpty();

        static <F> Source<F> of(Queue<? extends F> queue) {
            return new Source<>() {
                @Override
                public F poll() {
                    return queue.poll();
                }

                @Override
                public boolean isEmpty() {
                    return queue.isEmpty();
                }
            };
        }
    }

    /** Where the frames go: usually a {@link FrameWriter}. */
    public interface Sink<F> {
        /** Buffers one frame; false to stop the outbox once what was buffered is flushed. */
        boolean write(F frame) throws IOException;

        void flush() throws IOException;
    }

    private static final long PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Source<F> source;
    private final Sink<F> sink;
    private final Consumer<IOException> onFailure;
    private final int directLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean finishing;
    private volatile boolean parked;
    private volatile boolean writing;
    private volatile long progressNanos = System.nanoTime();
    private volatile long lastFlushNanos = System.nanoTime();

    /**
     * @param directLimit the most frames a thread that sends now writes before it leaves the rest to the
     *     writer thread
     * @param onFailure called once with the first write error (the owner closes the connection)
     */
    public Outbox(Source<F> source, Sink<F> sink, int directLimit, Consumer<IOException> onFailure) {
        if (directLimit < 1) {
            throw new IllegalArgumentException("directLimit must be positive");
        }
        this.source = source;
        this.sink = sink;
        this.directLimit = directLimit;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run);
        thread.setDaemon(true);
    }

    /** A sink that writes length-prefixed frames through {@code writer}. */
    public static <F extends com.google.protobuf.MessageLite> Sink<F> framesTo(FrameWriter writer) {
        return new Sink<>() {
            @Override
            public boolean write(F frame) throws IOException {
                writer.write(frame);
                return true;
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }
        };
    }

    /** Starts the writer thread, named {@code threadName}. */
    public void start(String threadName) {
        thread.setName(threadName);
        thread.start();
    }

    /** Writes what is queued on this thread if no one is writing; otherwise the writer takes it along. */
    public void send() {
        if (lock.tryLock()) {
            IOException error;
            try {
                error = drain(directLimit);
            } finally {
                lock.unlock();
            }
            failed(error);
        }
        if (!source.isEmpty()) {
            wake();
        }
    }

    /** Leaves what is queued to the writer thread, which writes it in one batch. */
    public void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Stops the outbox and writes {@code frame} (a goodbye) as the very last frame, ahead of anything
     * still queued, waiting at most {@code wait} for a writer busy on a slow peer. Nothing is written
     * after it, so closing the socket next cannot cut a frame in half. False (stopped all the same) when
     * the writer stayed busy.
     */
    public boolean writeLast(F frame, Duration wait) throws IOException, InterruptedException {
        if (stopped || !lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            stop();
            return false;
        }
        try {
            stop();
            sink.write(frame);
            sink.flush();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** True when a write has made no progress for {@code limitNanos}: the peer does not read. */
    public boolean stalled(long nowNanos, long limitNanos) {
        return writing && nowNanos - progressNanos > limitNanos;
    }

    /** True while some thread is writing (possibly blocked on the socket). */
    public boolean writing() {
        return writing;
    }

    /** When the last flush ended (for heartbeats: time since something was sent). */
    public long lastFlushNanos() {
        return lastFlushNanos;
    }

    /** Writes what is queued, then stops; waits at most {@code wait} for a slow peer. */
    public void finish(Duration wait) {
        finishing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /** Stops at once; what is still queued is not written. */
    public void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!stopped) {
            if (!source.isEmpty()) {
                IOException error;
                lock.lock();
                try {
                    error = drain(Integer.MAX_VALUE);
                } finally {
                    lock.unlock();
                }
                failed(error);
            } else if (finishing) {
                return;
            } else {
                park();
            }
        }
    }

    private void park() {
        parked = true;
        if (source.isEmpty() && !stopped && !finishing) {
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        parked = false;
    }

    /**
     * Under the lock: writes up to {@code limit} queued frames and flushes. Returns the write error, if
     * any, for the caller to report once the lock is released (the failure handler may send elsewhere).
     */
    private IOException drain(int limit) {
        F frame = stopped ? null : source.poll();
        if (frame == null) {
            return null;
        }
        progressNanos = System.nanoTime();
        writing = true;
        try {
            boolean goOn = true;
            int written = 0;
            while (frame != null && goOn) {
                goOn = sink.write(frame);
                progressNanos = System.nanoTime();
                frame = goOn && ++written < limit && !stopped ? source.poll() : null;
            }
            sink.flush();
            lastFlushNanos = System.nanoTime();
            if (!goOn) {
                stop();
            }
            return null;
        } catch (IOException e) {
            stop();
            return e;
        } catch (RuntimeException e) {
            stop();
            return new IOException("cannot write a frame: " + e.getMessage(), e);
        } finally {
            writing = false;
        }
    }

    private void failed(IOException error) {
        if (error != null && failed.compareAndSet(false, true)) {
            onFailure.accept(error);
        }
    }
}

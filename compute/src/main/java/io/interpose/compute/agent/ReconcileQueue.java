package io.interpose.compute.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconcile passes on an executor, at most one per key at a time. Triggers for a key that is
 * already queued coalesce into one pass; a trigger during a pass causes one more pass right after it.
 * A pass that returns {@link ReconcileResult.RetryAfter} runs again after that delay, unless triggered
 * sooner. A pass that throws is logged and retried after {@link #ERROR_RETRY}.
 */
final class ReconcileQueue {
    static final Duration ERROR_RETRY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);

    private final ScheduledExecutorService executor;
    private final Function<String, ReconcileResult> reconciler;
    private final Map<String, Slot> slots = new HashMap<>();
    private long nextToken;
    private int running;
    private boolean closed;

    private static final class Slot {
        ScheduledFuture<?> future;
        long token;
        boolean running;
        boolean again;
    }

    ReconcileQueue(ScheduledExecutorService executor, Function<String, ReconcileResult> reconciler) {
        this.executor = executor;
        this.reconciler = reconciler;
    }

    /** Asks for a pass for {@code key} as soon as possible. */
    void trigger(String key) {
        schedule(key, Duration.ZERO);
    }

    private synchronized void schedule(String key, Duration delay) {
        if (closed) {
            return;
        }
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        if (slot.running) {
            slot.again |= delay.isZero();
            return;
        }
        if (slot.future != null) {
            if (slot.future.getDelay(TimeUnit.NANOSECONDS) <= delay.toNanos()) {
                return;
            }
            slot.future.cancel(false);
        }
        long token = ++nextToken;
        slot.token = token;
        slot.future = executor.schedule(() -> run(key, slot, token), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void run(String key, Slot slot, long token) {
        synchronized (this) {
            if (closed || slot.running || slot.token != token || slots.get(key) != slot) {
                return;
            }
            slot.future = null;
            slot.running = true;
            slot.again = false;
            running++;
        }
        ReconcileResult result = ReconcileResult.retryAfter(ERROR_RETRY);
        try {
            result = reconciler.apply(key);
        } catch (RuntimeException e) {
            LOG.error("reconcile of {} failed; retrying in {}", key, ERROR_RETRY, e);
        } finally {
            finished(key, slot, result);
        }
    }

    private synchronized void finished(String key, Slot slot, ReconcileResult result) {
        slot.running = false;
        running--;
        notifyAll();
        if (slot.again) {
            schedule(key, Duration.ZERO);
        } else if (result instanceof ReconcileResult.RetryAfter retry) {
            schedule(key, retry.delay());
        } else if (slot.future == null) {
            slots.remove(key);
        }
    }

    /** Cancels queued passes and waits (at most {@code patience}) for running ones to finish. */
    synchronized void close(Duration patience) {
        closed = true;
        slots.values().stream().filter(s -> s.future != null).forEach(s -> s.future.cancel(false));
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (running > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running > 0) {
            LOG.warn("{} reconcile passes still running after {}", running, patience);
        }
    }
}

package io.interpose.manager.deployment;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconcile per key on an executor: at most one at a time per key; a key enqueued while its
 * reconcile runs is run once more afterwards (bursts coalesce into one rerun); a result asking to retry
 * schedules the key again after its delay. A reconcile that throws is logged and retried after a
 * backoff, so one broken deployment cannot stop the others.
 */
final class KeyedQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyedQueue.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(2);
    private final ScheduledExecutorService executor;
    private final Function<String, DeploymentController.Result> reconcile;
    private final Set<String> running = new HashSet<>();
    private final Set<String> pending = new HashSet<>();
    private boolean closed;

    KeyedQueue(ScheduledExecutorService executor, Function<String, DeploymentController.Result> reconcile) {
        this.executor = executor;
        this.reconcile = reconcile;
    }

    void enqueue(String key) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (running.contains(key)) {
                pending.add(key);
                return;
            }
            running.add(key);
        }
        executor.execute(() -> run(key));
    }

    private void run(String key) {
        Duration retry = null;
        try {
            retry = reconcile.apply(key).retryAfter().orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("Reconcile of {} failed; retrying in {}", key, FAILURE_BACKOFF, e);
            retry = FAILURE_BACKOFF;
        }
        boolean again;
        synchronized (this) {
            running.remove(key);
            again = pending.remove(key);
        }
        if (again) {
            enqueue(key);
        } else if (retry != null && !executor.isShutdown()) {
            executor.schedule(() -> enqueue(key), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}

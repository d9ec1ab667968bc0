package io.interpose.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool that runs the partner's callbacks. A VM always maps to the same worker, so callbacks
 * about one VM run one at a time, in order. Events are bounded per worker ({@link #offerEvent} refuses
 * beyond the capacity); other tasks (protection changes, lifecycle, few and bounded by the VM count) are
 * always accepted. With no workers, every callback runs at once on the calling thread (the client's
 * reader thread), which keeps the order trivially and costs no hand-off.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Runnable STOP = () -> { };

    private final List<Worker> workers = new ArrayList<>();
    private final int eventCapacity;

    Dispatcher(int workerCount, int eventCapacity) {
        this.eventCapacity = eventCapacity;
        for (int i = 0; i < workerCount; i++) {
            workers.add(new Worker("interpose-sdk-worker-" + i));
        }
        workers.forEach(Worker::start);
    }

    /** Queues an event task for {@code vmId}'s worker; false when that worker has {@code eventCapacity} events waiting. */
    boolean offerEvent(String vmId, Runnable task) {
        if (workers.isEmpty()) {
            runSafely(task);
            return true;
        }
        Worker worker = workerOf(vmId);
        if (worker.events.incrementAndGet() > eventCapacity) {
            worker.events.decrementAndGet();
            return false;
        }
        worker.queue.add(() -> {
            worker.events.decrementAndGet();
            task.run();
        });
        return true;
    }

    /** Queues a task for {@code vmId}'s worker, whatever the load. */
    void submit(String vmId, Runnable task) {
        if (workers.isEmpty()) {
            runSafely(task);
        } else {
            workerOf(vmId).queue.add(task);
        }
    }

    void close() {
        workers.forEach(w -> w.queue.add(STOP));
    }

    private Worker workerOf(String vmId) {
        return workers.get((vmId.hashCode() & 0x7fffffff) % workers.size());
    }

    private static final class Worker implements Runnable {
        final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        final AtomicInteger events = new AtomicInteger();
        private final Thread thread;

        Worker(String name) {
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            try {
                for (Runnable task = queue.take(); task != STOP; task = queue.take()) {
                    runSafely(task);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("a partner callback failed", e);
        }
    }
}

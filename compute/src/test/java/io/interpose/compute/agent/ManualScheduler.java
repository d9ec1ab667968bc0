package io.interpose.compute.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs tasks only when the test asks, on the test's thread, in
 * due-time order, with time taken from a {@link MutableClock} that it advances. Deterministic.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final MutableClock clock;
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs every task due now, including tasks they queue for now; returns how many ran. */
    int runDue() {
        int ran = 0;
        for (Task<?> task = nextDue(clock.instant()); task != null; task = nextDue(clock.instant())) {
            task.runOnce();
            ran++;
            if (ran > 1_000_000) {
                throw new IllegalStateException("tasks keep scheduling themselves for now: a busy loop");
            }
        }
        return ran;
    }

    /** Moves time forward by {@code duration}, running each task when its time comes. */
    void advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        for (Task<?> task = nextDue(target); task != null; task = nextDue(target)) {
            if (task.due.isAfter(clock.instant())) {
                clock.set(task.due);
            }
            task.runOnce();
        }
        clock.set(target);
        runDue();
    }

    /** The due time of the next task that is not periodic, if any. */
    synchronized List<Instant> pendingOneShots() {
        return tasks.stream().filter(t -> t.period == null && !t.isCancelled()).map(t -> t.due).sorted().toList();
    }

    private synchronized Task<?> nextDue(Instant limit) {
        tasks.removeIf(Task::isCancelled);
        Task<?> next = tasks.peek();
        if (next == null || next.due.isAfter(limit)) {
            return null;
        }
        return tasks.poll();
    }

    private synchronized <V> Task<V> add(Callable<V> callable, long delayNanos, Duration period) {
        var task = new Task<>(callable, clock.instant().plusNanos(Math.max(0, delayNanos)), period, sequence++);
        if (!shutdown) {
            tasks.add(task);
        }
        return task;
    }

    private synchronized void requeue(Task<?> task) {
        if (!shutdown && !task.isCancelled()) {
            task.due = clock.instant().plus(task.period);
            tasks.add(task);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(Executors.callable(command), unit.toNanos(delay), null);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toNanos(delay), null);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(Executors.callable(command), unit.toNanos(initialDelay), Duration.ofNanos(unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>(tasks);
        tasks.clear();
        return pending;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        private final Callable<V> callable;
        private final Duration period;
        private final long order;
        private Instant due;
        private volatile boolean cancelled;
        private volatile boolean done;
        private V result;
        private Throwable failure;

        private Task(Callable<V> callable, Instant due, Duration period, long order) {
            this.callable = callable;
            this.due = due;
            this.period = period;
            this.order = order;
        }

        private void runOnce() {
            try {
                result = callable.call();
            } catch (Exception e) {
                failure = e;
                throw new IllegalStateException("scheduled task failed", e);
            } finally {
                if (period == null) {
                    done = true;
                } else {
                    requeue(this);
                }
            }
        }

        @Override
        public void run() {
            runOnce();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            int byDue = due.compareTo(that.due);
            return byDue != 0 ? byDue : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = !done;
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}

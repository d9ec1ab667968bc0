package io.interpose.compute.lab;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers inventory events to listeners on one dedicated thread, in publication order. Publishing
 * never waits for listeners: events queue up (the queue is unbounded; a warning is logged every
 * {@value #BACKLOG_WARNING} pending batches), so a slow listener delays the other listeners but never
 * an admin call. A listener that throws is logged and keeps receiving later events.
 */
final class EventDispatcher implements AutoCloseable {
    static final int BACKLOG_WARNING = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Delivery STOP = new Delivery(List.of(), List.of());

    private record Delivery(List<InventoryEvent> events, List<Subscription> to) {}

    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private EventDispatcher(ThreadFactory threads) {
        this.thread = threads.newThread(this::run);
    }

    static EventDispatcher start(ThreadFactory threads) {
        var dispatcher = new EventDispatcher(threads);
        dispatcher.thread.start();
        return dispatcher;
    }

    /**
     * Adds a listener that receives every batch published after this call. The caller serialises
     * this with {@link #publish} so that a listener starts at a well-defined point.
     */
    AutoCloseable subscribe(InventoryListener listener) {
        var subscription = new Subscription(listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Queues {@code events} for the current subscribers; callers publish one batch at a time, in order. */
    void publish(List<InventoryEvent> events) {
        if (events.isEmpty() || subscriptions.isEmpty()) {
            return;
        }
        queue.add(new Delivery(events, List.copyOf(subscriptions)));
        int pending = queue.size();
        if (pending % BACKLOG_WARNING == 0) {
            LOG.warn("{} inventory event batches are waiting for slow listeners", pending);
        }
    }

    private void run() {
        try {
            for (Delivery delivery = queue.take(); delivery != STOP; delivery = queue.take()) {
                deliver(delivery);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deliver(Delivery delivery) {
        for (InventoryEvent event : delivery.events()) {
            delivery.to().stream().filter(s -> s.open).forEach(s -> s.receive(event));
        }
    }

    /** Delivers what is already queued, then stops; gives up on listeners still busy after {@code patience}. */
    void close(Duration patience) {
        queue.add(STOP);
        try {
            thread.join(patience.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("inventory listeners still busy after {}; interrupting the event thread", patience);
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private final class Subscription implements AutoCloseable {
        private final InventoryListener listener;
        private volatile boolean open = true;

        private Subscription(InventoryListener listener) {
            this.listener = listener;
        }

        private void receive(InventoryEvent event) {
            try {
                listener.onChange(event);
            } catch (RuntimeException e) {
                LOG.warn("inventory listener {} failed on {}", listener, event, e);
            }
        }

        /** No delivery starts after this returns (one already running finishes). */
        @Override
        public void close() {
            open = false;
            subscriptions.remove(this);
        }
    }
}

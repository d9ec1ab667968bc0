package io.interpose.compute.agent;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers agent events to listeners in publication order, one batch at a time, on the agent manager's
 * executor and never while its lock is held. A listener that throws is logged and stays subscribed.
 */
final class AgentFanout {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFanout.class);
    private final Executor executor;
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> batches = new ArrayDeque<>();
    private boolean draining;

    AgentFanout(Executor executor) {
        this.executor = executor;
    }

    AutoCloseable add(AgentListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(List<AgentEvent> events) {
        if (events.isEmpty() || listeners.isEmpty()) {
            return;
        }
        List<AgentListener> to = List.copyOf(listeners);
        enqueue(() -> events.forEach(event -> to.forEach(listener -> deliver(listener, event))));
    }

    private static void deliver(AgentListener listener, AgentEvent event) {
        try {
            listener.onChange(event);
        } catch (RuntimeException e) {
            LOG.warn("agent listener {} failed on {}", listener, event, e);
        }
    }

    private synchronized void enqueue(Runnable batch) {
        batches.add(batch);
        if (!draining) {
            draining = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        for (Runnable batch = next(); batch != null; batch = next()) {
            batch.run();
        }
    }

    private synchronized Runnable next() {
        Runnable batch = batches.poll();
        draining = batch != null;
        return batch;
    }
}

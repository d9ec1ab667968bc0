package io.interpose.compute.lab;

import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** Keeps every event it receives, in order, and the names of the threads that delivered them. */
final class RecordingListener implements InventoryListener {
    private final List<InventoryEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> threads = new CopyOnWriteArraySet<>();

    @Override
    public void onChange(InventoryEvent event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }

    List<InventoryEvent> events() {
        return List.copyOf(events);
    }

    Set<String> threads() {
        return Set.copyOf(threads);
    }
}

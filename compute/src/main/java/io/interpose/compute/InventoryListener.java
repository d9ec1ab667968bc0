package io.interpose.compute;

/** Receives inventory changes from a {@link ComputeManager}. */
@FunctionalInterface
public interface InventoryListener {
    void onChange(InventoryEvent event);
}

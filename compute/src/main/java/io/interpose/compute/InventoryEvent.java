package io.interpose.compute;

import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;

/** One change to the inventory. "Upserted" carries the whole new state of the object. */
public sealed interface InventoryEvent {
    record ClusterUpserted(Cluster cluster) implements InventoryEvent {}

    record ClusterRemoved(String clusterId) implements InventoryEvent {}

    record HostUpserted(Host host) implements InventoryEvent {}

    record HostRemoved(String hostId) implements InventoryEvent {}

    record VmUpserted(VirtualMachine vm) implements InventoryEvent {}

    record VmRemoved(String externalId) implements InventoryEvent {}
}

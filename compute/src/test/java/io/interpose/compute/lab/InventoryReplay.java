package io.interpose.compute.lab;

import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryEvent.ClusterRemoved;
import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.InventoryEvent.HostRemoved;
import io.interpose.compute.InventoryEvent.HostUpserted;
import io.interpose.compute.InventoryEvent.VmRemoved;
import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rebuilds an inventory from a snapshot and the events after it, the way a watcher would. */
final class InventoryReplay {
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, VirtualMachine> vms = new LinkedHashMap<>();

    InventoryReplay(Inventory start) {
        start.clusters().forEach(c -> clusters.put(c.id(), c));
        start.hosts().forEach(h -> hosts.put(h.id(), h));
        start.vms().forEach(vm -> vms.put(vm.externalId(), vm));
    }

    InventoryReplay apply(List<InventoryEvent> events) {
        events.forEach(this::apply);
        return this;
    }

    private void apply(InventoryEvent event) {
        if (event instanceof ClusterUpserted e) {
            clusters.put(e.cluster().id(), e.cluster());
        } else if (event instanceof ClusterRemoved e) {
            clusters.remove(e.clusterId());
        } else if (event instanceof HostUpserted e) {
            hosts.put(e.host().id(), e.host());
        } else if (event instanceof HostRemoved e) {
            hosts.remove(e.hostId());
        } else if (event instanceof VmUpserted e) {
            vms.put(e.vm().externalId(), e.vm());
        } else if (event instanceof VmRemoved e) {
            vms.remove(e.externalId());
        }
    }

    Inventory inventory() {
        return new Inventory(List.copyOf(clusters.values()), List.copyOf(hosts.values()), List.copyOf(vms.values()));
    }
}

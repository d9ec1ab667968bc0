package io.interpose.compute;

import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.List;

/** Everything a compute manager knows at one moment. */
public record Inventory(List<Cluster> clusters, List<Host> hosts, List<VirtualMachine> vms) {
    public Inventory {
        clusters = List.copyOf(clusters);
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
    }
}

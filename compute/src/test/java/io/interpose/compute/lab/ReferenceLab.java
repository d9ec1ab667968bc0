package io.interpose.compute.lab;

import io.interpose.compute.Inventory;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Tag;
import io.interpose.model.Violation;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The lab's rules written as plainly as possible, with mutable maps and no persistence, events or
 * locking: the model that {@link LabDatacenterModelTest} holds the real lab to. Checks come in the
 * lab's documented order: input, then the object itself (duplicate or unknown), then what it references.
 */
final class ReferenceLab {
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, VirtualMachine> vms = new LinkedHashMap<>();

    void addCluster(String id, String name) {
        requireName(name);
        refuseIf(clusters.containsKey(id));
        clusters.put(id, new Cluster(id, name));
    }

    void removeCluster(String id) {
        requireKnown(clusters.containsKey(id));
        refuseIf(hosts.values().stream().anyMatch(h -> h.clusterId().equals(id)));
        clusters.remove(id);
    }

    void addHost(String id, String name, String clusterId) {
        requireName(name);
        refuseIf(hosts.containsKey(id));
        requireKnown(clusterId.isEmpty() || clusters.containsKey(clusterId));
        hosts.put(id, new Host(id, name, clusterId, LabDatacenter.DEFAULT_HOST_VERSION));
    }

    void moveHost(String id, String clusterId) {
        requireKnown(hosts.containsKey(id));
        requireKnown(clusterId.isEmpty() || clusters.containsKey(clusterId));
        Host host = hosts.get(id);
        hosts.put(id, new Host(id, host.displayName(), clusterId, host.osVersion()));
    }

    void removeHost(String id, boolean force) {
        requireKnown(hosts.containsKey(id));
        refuseIf(!force && vms.values().stream().anyMatch(vm -> vm.hostId().equals(id)));
        vms.values().removeIf(vm -> vm.hostId().equals(id));
        hosts.remove(id);
    }

    void addVm(String id, String name, String hostId, List<Tag> tags) {
        requireName(name);
        refuseIf(vms.containsKey(id));
        requireKnown(hosts.containsKey(hostId));
        vms.put(id, new VirtualMachine(id, name, hostId, "", "", List.copyOf(new LinkedHashSet<>(tags)), null));
    }

    void removeVm(String id) {
        requireKnown(vms.remove(id) != null);
    }

    void renameVm(String id, String name) {
        requireName(name);
        requireKnown(vms.containsKey(id));
        vms.put(id, vms.get(id).withDisplayName(name));
    }

    void updateVmTags(String id, List<Tag> tags) {
        requireKnown(vms.containsKey(id));
        vms.put(id, vms.get(id).withTags(List.copyOf(new LinkedHashSet<>(tags))));
    }

    void migrateVm(String id, String hostId) {
        requireKnown(vms.containsKey(id));
        requireKnown(hosts.containsKey(hostId));
        vms.put(id, vms.get(id).withHost(hostId));
    }

    Inventory inventory() {
        return new Inventory(List.copyOf(clusters.values()), List.copyOf(hosts.values()), List.copyOf(vms.values()));
    }

    private static void requireName(String name) {
        if (name.isBlank()) {
            throw new InvalidResourceException("input", List.of(new Violation("display_name", "is required")));
        }
    }

    private static void requireKnown(boolean known) {
        if (!known) {
            throw new UnknownObjectException("unknown");
        }
    }

    private static void refuseIf(boolean conflict) {
        if (conflict) {
            throw new ConflictException("conflict");
        }
    }
}

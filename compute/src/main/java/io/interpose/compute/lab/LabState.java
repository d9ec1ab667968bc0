package io.interpose.compute.lab;

import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryEvent.ClusterRemoved;
import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.InventoryEvent.HostRemoved;
import io.interpose.compute.InventoryEvent.HostUpserted;
import io.interpose.compute.InventoryEvent.VmRemoved;
import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One immutable version of the lab inventory, keyed by id in insertion order. Every operation checks
 * its references against this version and returns the next version with the events that lead to it,
 * or throws {@link UnknownObjectException} / {@link ConflictException} and changes nothing.
 */
record LabState(Map<String, Cluster> clusters, Map<String, Host> hosts, Map<String, VirtualMachine> vms) {

    LabState {
        clusters = Collections.unmodifiableMap(clusters);
        hosts = Collections.unmodifiableMap(hosts);
        vms = Collections.unmodifiableMap(vms);
    }

    /** The result of one operation: the next state and what changed, in order. Empty events: no-op. */
    record Change(LabState next, List<InventoryEvent> events) {
        Change {
            events = List.copyOf(events);
        }
    }

    static LabState empty() {
        return new LabState(Map.of(), Map.of(), Map.of());
    }

    /**
     * Builds a state from an inventory, refusing duplicate ids and dangling references.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    static LabState of(Inventory inventory) {
        var clusters = new LinkedHashMap<String, Cluster>();
        var hosts = new LinkedHashMap<String, Host>();
        var vms = new LinkedHashMap<String, VirtualMachine>();
        var problems = new ArrayList<String>();
        inventory.clusters().forEach(c -> putOnce(clusters, c.id(), c, "cluster", problems));
        inventory.hosts().forEach(h -> putOnce(hosts, h.id(), h, "host", problems));
        inventory.vms().forEach(vm -> putOnce(vms, vm.externalId(), vm, "VM", problems));
        hosts.values().stream()
                .filter(h -> !h.clusterId().isEmpty() && !clusters.containsKey(h.clusterId()))
                .forEach(h -> problems.add("host '" + h.id() + "' is in unknown cluster '" + h.clusterId() + "'"));
        vms.values().stream()
                .filter(vm -> vm.hostId() == null || !hosts.containsKey(vm.hostId()))
                .forEach(vm -> problems.add("VM '" + vm.externalId() + "' is on unknown host '" + vm.hostId() + "'"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new LabState(clusters, hosts, vms);
    }

    private static <T> void putOnce(Map<String, T> map, String id, T value, String kind, List<String> problems) {
        if (map.putIfAbsent(id, value) != null) {
            problems.add("duplicate " + kind + " id '" + id + "'");
        }
    }

    Inventory toInventory() {
        return new Inventory(List.copyOf(clusters.values()), List.copyOf(hosts.values()), List.copyOf(vms.values()));
    }

    Cluster cluster(String id) {
        return found(clusters.get(id), "cluster", id);
    }

    Host host(String id) {
        return found(hosts.get(id), "host", id);
    }

    VirtualMachine vm(String externalId) {
        return found(vms.get(externalId), "VM", externalId);
    }

    private static <T> T found(T value, String kind, String id) {
        if (value == null) {
            throw new UnknownObjectException("no " + kind + " with id '" + id + "'");
        }
        return value;
    }

    Change addCluster(Cluster cluster) {
        refuseTaken(clusters, cluster.id(), "cluster");
        return new Change(new LabState(with(clusters, cluster.id(), cluster), hosts, vms),
                List.of(new ClusterUpserted(cluster)));
    }

    Change removeCluster(String id) {
        cluster(id);
        List<String> members = hosts.values().stream().filter(h -> h.clusterId().equals(id)).map(Host::id).toList();
        if (!members.isEmpty()) {
            throw new ConflictException("cluster '" + id + "' still has " + members.size()
                    + " host(s) " + sample(members) + "; move or remove them first");
        }
        return new Change(new LabState(without(clusters, List.of(id)), hosts, vms), List.of(new ClusterRemoved(id)));
    }

    Change addHost(Host host) {
        refuseTaken(hosts, host.id(), "host");
        requireCluster(host.clusterId());
        return new Change(new LabState(clusters, with(hosts, host.id(), host), vms), List.of(new HostUpserted(host)));
    }

    Change moveHost(String hostId, String clusterId) {
        Host current = host(hostId);
        requireCluster(clusterId);
        if (current.clusterId().equals(clusterId)) {
            return new Change(this, List.of());
        }
        Host moved = new Host(current.id(), current.displayName(), clusterId, current.osVersion());
        return new Change(new LabState(clusters, with(hosts, hostId, moved), vms), List.of(new HostUpserted(moved)));
    }

    Change removeHost(String id, boolean force) {
        host(id);
        List<String> resident = vms.values().stream().filter(vm -> vm.hostId().equals(id))
                .map(VirtualMachine::externalId).toList();
        if (!resident.isEmpty() && !force) {
            throw new ConflictException("host '" + id + "' still runs " + resident.size() + " VM(s) "
                    + sample(resident) + "; migrate or remove them first, or force the removal");
        }
        var events = new ArrayList<InventoryEvent>();
        resident.forEach(vmId -> events.add(new VmRemoved(vmId)));
        events.add(new HostRemoved(id));
        return new Change(new LabState(clusters, without(hosts, List.of(id)), without(vms, resident)), events);
    }

    Change addVm(VirtualMachine vm) {
        refuseTaken(vms, vm.externalId(), "VM");
        host(vm.hostId());
        return putVm(vm);
    }

    /** Applies {@code edit} to one VM; an edit that changes nothing is a no-op without event. */
    Change editVm(String externalId, UnaryOperator<VirtualMachine> edit) {
        VirtualMachine current = vm(externalId);
        VirtualMachine next = edit.apply(current);
        return next.equals(current) ? new Change(this, List.of()) : putVm(next);
    }

    Change migrateVm(String externalId, String targetHostId) {
        vm(externalId);
        host(targetHostId);
        return editVm(externalId, vm -> vm.withHost(targetHostId));
    }

    Change removeVm(String externalId) {
        vm(externalId);
        return new Change(new LabState(clusters, hosts, without(vms, List.of(externalId))),
                List.of(new VmRemoved(externalId)));
    }

    private Change putVm(VirtualMachine vm) {
        return new Change(new LabState(clusters, hosts, with(vms, vm.externalId(), vm)), List.of(new VmUpserted(vm)));
    }

    private void requireCluster(String clusterId) {
        if (!clusterId.isEmpty()) {
            cluster(clusterId);
        }
    }

    private static void refuseTaken(Map<String, ?> map, String id, String kind) {
        if (map.containsKey(id)) {
            throw new ConflictException("a " + kind + " with id '" + id + "' already exists");
        }
    }

    private static String sample(List<String> ids) {
        return ids.size() <= 5 ? ids.toString() : ids.subList(0, 5).toString().replace("]", ", ...]");
    }

    private static <T> Map<String, T> with(Map<String, T> map, String id, T value) {
        var copy = new LinkedHashMap<>(map);
        copy.put(id, value);
        return copy;
    }

    private static <T> Map<String, T> without(Map<String, T> map, List<String> ids) {
        var copy = new LinkedHashMap<>(map);
        ids.forEach(copy::remove);
        return copy;
    }
}

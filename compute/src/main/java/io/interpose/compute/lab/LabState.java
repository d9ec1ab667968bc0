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
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One immutable version of the lab: inventory keyed by id in insertion order, the workload VMs
 * waiting to be powered on when their host next starts ({@code resumeOnHostStart}, external ids),
 * and the networks. Every operation checks its references against this version and returns the next
 * version with the events that lead to it, or throws {@link UnknownObjectException} /
 * {@link ConflictException} and changes nothing.
 */
record LabState(Map<String, Cluster> clusters, Map<String, Host> hosts, Map<String, VirtualMachine> vms,
                Set<String> resumeOnHostStart, LabNetworks networks) {

    LabState {
        clusters = Collections.unmodifiableMap(clusters);
        hosts = Collections.unmodifiableMap(hosts);
        vms = Collections.unmodifiableMap(vms);
        resumeOnHostStart = Collections.unmodifiableSet(resumeOnHostStart);
    }

    /**
     * The result of one operation: the next state and what changed, in order. A next state that is
     * this very state means nothing changed; a change without events (networks) is still stored.
     */
    record Change(LabState next, List<InventoryEvent> events) {
        Change {
            events = List.copyOf(events);
        }
    }

    static LabState empty() {
        return new LabState(Map.of(), Map.of(), Map.of(), Set.of(), LabNetworks.NONE);
    }

    /**
     * Builds a state from an inventory, refusing duplicate ids and dangling references.
     *
     * @throws IllegalArgumentException naming every problem found
     */
    static LabState of(Inventory inventory) {
        return of(inventory, LabNetworks.NONE, List.of());
    }

    /**
     * Builds a state from stored parts; VMs waiting for a host start that no longer exist are dropped.
     *
     * @throws IllegalArgumentException naming every inventory problem found
     */
    static LabState of(Inventory inventory, LabNetworks networks, List<String> resumeOnHostStart) {
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
        var resume = new LinkedHashSet<>(resumeOnHostStart);
        resume.retainAll(vms.keySet());
        return new LabState(clusters, hosts, vms, resume, networks);
    }

    private static <T> void putOnce(Map<String, T> map, String id, T value, String kind, List<String> problems) {
        if (map.putIfAbsent(id, value) != null) {
            problems.add("duplicate " + kind + " id '" + id + "'");
        }
    }

    LabState withClusters(Map<String, Cluster> next) {
        return new LabState(next, hosts, vms, resumeOnHostStart, networks);
    }

    LabState withHosts(Map<String, Host> next) {
        return new LabState(clusters, next, vms, resumeOnHostStart, networks);
    }

    LabState withVms(Map<String, VirtualMachine> next) {
        return new LabState(clusters, hosts, next, resumeOnHostStart, networks);
    }

    LabState withResumeOnHostStart(Set<String> next) {
        return new LabState(clusters, hosts, vms, next, networks);
    }

    LabState withNetworks(LabNetworks next) {
        return next == networks ? this : new LabState(clusters, hosts, vms, resumeOnHostStart, next);
    }

    /** This state with one host replaced, and its event. */
    Change putHost(Host host) {
        return new Change(withHosts(with(hosts, host.id(), host)), List.of(new HostUpserted(host)));
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
        return new Change(withClusters(with(clusters, cluster.id(), cluster)), List.of(new ClusterUpserted(cluster)));
    }

    Change removeCluster(String id) {
        cluster(id);
        List<String> members = hosts.values().stream().filter(h -> h.clusterId().equals(id)).map(Host::id).toList();
        if (!members.isEmpty()) {
            throw new ConflictException("cluster '" + id + "' still has " + members.size()
                    + " host(s) " + sample(members) + "; move or remove them first");
        }
        return new Change(withClusters(without(clusters, List.of(id))), List.of(new ClusterRemoved(id)));
    }

    Change addHost(Host host) {
        refuseTaken(hosts, host.id(), "host");
        requireCluster(host.clusterId());
        return putHost(host);
    }

    Change moveHost(String hostId, String clusterId) {
        Host current = host(hostId);
        requireCluster(clusterId);
        if (current.clusterId().equals(clusterId)) {
            return new Change(this, List.of());
        }
        return putHost(current.withCluster(clusterId));
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
        return new Change(withHosts(without(hosts, List.of(id))).withVms(without(vms, resident)).withoutResume(resident), events);
    }

    /** Adds a VM; a powered-on VM only on an available host. */
    Change addVm(VirtualMachine vm) {
        refuseTaken(vms, vm.externalId(), "VM");
        Host host = host(vm.hostId());
        if (vm.powerState() == PowerState.POWERED_ON) {
            LabLifecycle.requireAvailable(host, "add VM '" + vm.externalId() + "' powered on (add it powered off)");
        }
        return putVm(vm);
    }

    /** Applies {@code edit} to one VM; an edit that changes nothing is a no-op without event. */
    Change editVm(String externalId, UnaryOperator<VirtualMachine> edit) {
        VirtualMachine current = vm(externalId);
        VirtualMachine next = edit.apply(current);
        return next.equals(current) ? new Change(this, List.of()) : putVm(next);
    }

    /**
     * Moves a VM to an available host (no-op if it is there). Refused off a disconnected host (it cannot
     * be reached). A VM waiting for its old host's start stops waiting.
     */
    Change migrateVm(String externalId, String targetHostId) {
        VirtualMachine vm = vm(externalId);
        Host target = host(targetHostId);
        if (vm.hostId().equals(targetHostId)) {
            return new Change(this, List.of());
        }
        LabLifecycle.requireConnected(host(vm.hostId()), "migrate VM '" + externalId + "' away from it");
        LabLifecycle.requireAvailable(target, "migrate VM '" + externalId + "' to it");
        Change moved = putVm(vm.withHost(targetHostId));
        return new Change(moved.next().withoutResume(List.of(externalId)), moved.events());
    }

    Change removeVm(String externalId) {
        vm(externalId);
        return new Change(withVms(without(vms, List.of(externalId))).withoutResume(List.of(externalId)),
                List.of(new VmRemoved(externalId)));
    }

    /** This state with one VM replaced, and its event. */
    Change putVm(VirtualMachine vm) {
        return new Change(withVms(with(vms, vm.externalId(), vm)), List.of(new VmUpserted(vm)));
    }

    /** Forgets that these VMs wait for a host start (they were removed, migrated or powered by hand). */
    LabState withoutResume(Collection<String> externalIds) {
        if (externalIds.stream().noneMatch(resumeOnHostStart::contains)) {
            return this;
        }
        var next = new LinkedHashSet<>(resumeOnHostStart);
        next.removeAll(externalIds);
        return withResumeOnHostStart(next);
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

    static <T> Map<String, T> with(Map<String, T> map, String id, T value) {
        var copy = new LinkedHashMap<>(map);
        copy.put(id, value);
        return copy;
    }

    static <T> Map<String, T> without(Map<String, T> map, List<String> ids) {
        var copy = new LinkedHashMap<>(map);
        ids.forEach(copy::remove);
        return copy;
    }
}

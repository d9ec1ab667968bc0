package io.interpose.compute.lab;

import static io.interpose.compute.lab.LabValidation.require;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.HostPowerOnGate;
import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryListener;
import io.interpose.compute.Networks;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.lab.LabState.Change;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab compute manager: our stand-in for vCenter. It holds clusters, hosts and VMs with their
 * lifecycle (VM power states, host connection state, maintenance mode) and the networks with their
 * IP pools; offers the admin operations the lab API and CLI expose; and implements
 * {@link ComputeManager} and {@link Networks} for the manager and the agent manager.
 *
 * <p>Every operation validates its input, then changes the inventory atomically (all or nothing) and
 * durably: when it returns, {@code lab-inventory.json} in the lab directory holds the new inventory.
 * Only then are listeners told, in order, on the lab's event thread (see {@link #watch}). An operation
 * that would change nothing (moving a host to its own cluster, the same tags again) writes nothing and
 * emits no event. Network changes are stored the same way and emit no event (inventory events have no
 * network kind). All methods are thread-safe; reads never wait for writes. Workloads of a starting
 * host are powered on later, on a host-start thread, after the {@link HostPowerOnGate} (see
 * {@link #connectHost}).
 *
 * <p>Failures, each leaving the inventory unchanged: {@link InvalidResourceException} for bad input
 * (blank names, malformed ids, too many tags), {@link UnknownObjectException} for an id that does not
 * exist, {@link ConflictException} for a taken id, an object still in use or a state that forbids the
 * operation (powering on a VM on a disconnected host, say), {@link LabStorageException}
 * when the file cannot be written, {@link IllegalStateException} after {@link #close}.
 */
public final class LabDatacenter implements ComputeManager, Networks, AutoCloseable {
    /** The compute manager id used when none is given. */
    public static final String DEFAULT_ID = "lab";
    /** The hypervisor version of hosts added without one. */
    public static final String DEFAULT_HOST_VERSION = "8.0.2";
    private static final Logger LOG = LoggerFactory.getLogger(LabDatacenter.class);

    private final String id;
    private final LabInventoryFile file;
    private final EventDispatcher dispatcher;
    private final HostStarts hostStarts;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile LabState state;
    private boolean closed;

    private LabDatacenter(String id, LabInventoryFile file, LabState state, HostStartPolicy policy) {
        this.id = id;
        this.file = file;
        this.state = state;
        this.hostStarts = new HostStarts(id, policy);
        this.dispatcher = EventDispatcher.start(runnable -> {
            var thread = new Thread(runnable, "lab-datacenter-" + id + "-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens an empty lab in {@code directory}, or the lab already stored there. */
    public static LabDatacenter open(Path directory) {
        return open(directory, DEFAULT_ID, () -> new Inventory(List.of(), List.of(), List.of()));
    }

    /** Opens the lab stored in {@code directory}, or, if there is none, stores and opens {@code seed} (no networks). */
    public static LabDatacenter open(Path directory, Supplier<Inventory> seed) {
        return open(directory, DEFAULT_ID, seed);
    }

    /** Opens the lab stored in {@code directory}, or the {@linkplain LabInventoryGenerator#defaultLab default lab}. */
    public static LabDatacenter openDefaultLab(Path directory) {
        return openDefaultLab(directory, HostStartPolicy.DEFAULT);
    }

    /**
     * Opens the lab stored in {@code directory}, or the default lab with its
     * {@linkplain LabInventoryGenerator#defaultNetworks() management network}.
     */
    public static LabDatacenter openDefaultLab(Path directory, HostStartPolicy policy) {
        return open(directory, DEFAULT_ID, LabInventoryGenerator::defaultLab, LabInventoryGenerator.defaultNetworks(), policy);
    }

    /** {@link #open(Path, String, Supplier, List, HostStartPolicy)} without networks and with the default policy. */
    public static LabDatacenter open(Path directory, String id, Supplier<Inventory> seed) {
        return open(directory, id, seed, List.of(), HostStartPolicy.DEFAULT);
    }

    /**
     * Opens the lab stored in {@code directory} (creating the directory if needed); when it holds no
     * lab yet, {@code seed} and {@code seedNetworks} (pools included, no allocations) are stored and
     * become the lab. A file written before the lab had networks (format version 1) gains
     * {@code seedNetworks} and is rewritten in the current format.
     *
     * @throws LabStorageException if the stored file is corrupt, truncated, inconsistent or belongs to
     *     another compute manager id, or if another lab datacenter has the directory open
     * @throws IllegalArgumentException if the seed has duplicate ids, dangling references or invalid networks
     */
    public static LabDatacenter open(Path directory, String id, Supplier<Inventory> seed, List<Network> seedNetworks,
                                     HostStartPolicy policy) {
        require("compute manager", v -> LabValidation.id(v, "id", id));
        Objects.requireNonNull(policy, "policy");
        LabInventoryFile file = LabInventoryFile.open(directory);
        try {
            return new LabDatacenter(id, file, file.load(id, seed, seedNetworks), policy);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** Where the inventory is stored. */
    public Path file() {
        return file.path();
    }

    @Override
    public Inventory snapshot() {
        return state.toInventory();
    }

    public Optional<Cluster> cluster(String clusterId) {
        return Optional.ofNullable(state.clusters().get(clusterId));
    }

    public Optional<Host> host(String hostId) {
        return Optional.ofNullable(state.hosts().get(hostId));
    }

    public Optional<VirtualMachine> vm(String externalId) {
        return Optional.ofNullable(state.vms().get(externalId));
    }

    /**
     * Registers {@code listener} for every change committed after this call. Events arrive in commit
     * order on the lab's single event thread, each after its change is on disk. Admin calls never wait
     * for listeners; a slow listener delays only later deliveries. A listener that throws is logged and
     * keeps its subscription. Closing the result unsubscribes (a delivery in progress completes).
     *
     * <p>To follow the inventory without a gap, watch first, then take a {@link #snapshot()}, and apply
     * events on top: an upsert carries the whole object, so replaying one the snapshot already reflects
     * is harmless.
     */
    @Override
    public AutoCloseable watch(InventoryListener listener) {
        return locked(() -> dispatcher.subscribe(listener));
    }

    public Cluster addCluster(String clusterId, String displayName) {
        require("cluster", v -> {
            LabValidation.id(v, "id", clusterId);
            LabValidation.name(v, "display_name", displayName);
        });
        return commit(s -> s.addCluster(new Cluster(clusterId, displayName))).cluster(clusterId);
    }

    /** Removes an empty cluster; refused with {@link ConflictException} while hosts are in it. */
    public void removeCluster(String clusterId) {
        commit(s -> s.removeCluster(clusterId));
    }

    /** Adds a host running {@link #DEFAULT_HOST_VERSION}; an empty {@code clusterId} makes it standalone. */
    public Host addHost(String hostId, String displayName, String clusterId) {
        return addHost(hostId, displayName, clusterId, DEFAULT_HOST_VERSION);
    }

    public Host addHost(String hostId, String displayName, String clusterId, String osVersion) {
        require("host", v -> {
            LabValidation.id(v, "id", hostId);
            LabValidation.name(v, "display_name", displayName);
            LabValidation.optionalId(v, "cluster_id", clusterId);
            LabValidation.text(v, "os_version", osVersion);
        });
        return commit(s -> s.addHost(new Host(hostId, displayName, clusterId, osVersion))).host(hostId);
    }

    /** Moves a host (with its VMs) to another cluster; an empty {@code clusterId} makes it standalone. */
    public Host moveHost(String hostId, String clusterId) {
        String target = clusterId == null ? "" : clusterId;
        return commit(s -> s.moveHost(hostId, target)).host(hostId);
    }

    /** Removes a host without VMs. */
    public void removeHost(String hostId) {
        removeHost(hostId, false);
    }

    /**
     * Removes a host. With VMs on it this is refused with {@link ConflictException}, unless
     * {@code force}: then its VMs are removed first (one {@code VmRemoved} each, then {@code HostRemoved}).
     */
    public void removeHost(String hostId, boolean force) {
        commit(s -> s.removeHost(hostId, force));
    }

    /** Creates a VM on an existing host; returns it with its external id (generated if the spec had none). */
    public VirtualMachine addVm(VmSpec spec) {
        require("virtual machine", v -> {
            LabValidation.optionalId(v, "external_id", spec.externalId());
            LabValidation.name(v, "display_name", spec.displayName());
            LabValidation.id(v, "host_id", spec.hostId());
            LabValidation.text(v, "computer_name", spec.computerName());
            LabValidation.text(v, "os_name", spec.osName());
            LabValidation.tags(v, spec.tags());
        });
        String externalId = spec.externalId().isEmpty() ? UUID.randomUUID().toString() : spec.externalId();
        var vm = new VirtualMachine(externalId, spec.displayName(), spec.hostId(), spec.computerName(),
                spec.osName(), distinct(spec.tags()), spec.powerState());
        return commit(s -> s.addVm(vm)).vms().get(externalId);
    }

    public void removeVm(String externalId) {
        commit(s -> s.removeVm(externalId));
    }

    public VirtualMachine renameVm(String externalId, String displayName) {
        require("virtual machine", v -> LabValidation.name(v, "display_name", displayName));
        return commit(s -> s.editVm(externalId, vm -> vm.withDisplayName(displayName))).vms().get(externalId);
    }

    /** Replaces the VM's tags (duplicates dropped, order kept); at most {@value LabValidation#MAX_TAGS}. */
    @Override
    public void updateVmTags(String externalId, List<Tag> tags) {
        require("tags", v -> LabValidation.tags(v, tags));
        List<Tag> next = tags == null ? List.of() : distinct(tags);
        commit(s -> s.editVm(externalId, vm -> vm.withTags(next)));
    }

    /**
     * Moves a VM to another host (no event if it is already there). Refused with {@link ConflictException}
     * if the target is disconnected or in maintenance mode, or the VM's host is disconnected.
     */
    public VirtualMachine migrateVm(String externalId, String targetHostId) {
        return commit(s -> s.migrateVm(externalId, targetHostId)).vms().get(externalId);
    }

    /** Powers a VM on (or resumes it); refused on a host that is disconnected or in maintenance mode. */
    public VirtualMachine powerOnVm(String externalId) {
        return commit(s -> LabLifecycle.powerOn(s, externalId)).vms().get(externalId);
    }

    /**
     * Powers a VM off (a suspended one too); refused on a disconnected host. A VM that is off already
     * stays off and no longer waits to be powered on when its host starts.
     */
    public VirtualMachine powerOffVm(String externalId) {
        return commit(s -> LabLifecycle.powerOff(s, externalId)).vms().get(externalId);
    }

    /** Suspends a powered-on VM; refused for a powered-off VM and on a disconnected host. */
    public VirtualMachine suspendVm(String externalId) {
        return commit(s -> LabLifecycle.suspend(s, externalId)).vms().get(externalId);
    }

    /**
     * The host stops responding: {@code HostUpserted(DISCONNECTED)}, then its powered-on VMs are powered
     * off ({@code VmUpserted} each) and remembered, to be powered on when it {@linkplain #connectHost
     * connects} again. No-op if it is disconnected already.
     */
    public Host disconnectHost(String hostId) {
        return commit(s -> LabLifecycle.disconnect(s, hostId)).host(hostId);
    }

    /**
     * The host starts: {@code HostUpserted(CONNECTED)} now; then, on a host-start thread, the
     * {@linkplain #setPowerOnGate power-on gate} is asked to wait (at most the policy's timeout) for
     * the host's service VMs, and the workloads remembered for this host are powered on, ready or not.
     * Also finishes such a start cut short by a restart when the host is connected already.
     */
    public Host connectHost(String hostId) {
        Host host = commit(s -> LabLifecycle.connect(s, hostId)).host(hostId);
        startWorkloads(hostId);
        return host;
    }

    /**
     * Puts a connected host in maintenance mode, atomically: {@code HostUpserted(ENTERING)}; each
     * powered-on VM migrated round-robin to the other available hosts of its cluster, or, when there is
     * none, powered off and remembered for the host's return; then {@code HostUpserted(ON)}. Powered-off
     * and suspended VMs stay. No-op if it is ON already; refused if the host is disconnected.
     */
    public Host enterMaintenance(String hostId) {
        return commit(s -> LabLifecycle.enterMaintenance(s, hostId)).host(hostId);
    }

    /**
     * Takes a connected host out of maintenance mode: {@code HostUpserted(EXITING)}, {@code HostUpserted(OFF)};
     * then, as for {@link #connectHost}, the gate and the power-on of the VMs that were powered off when
     * it entered. VMs migrated away stay where they are. Refused if the host is disconnected.
     */
    public Host exitMaintenance(String hostId) {
        Host host = commit(s -> LabLifecycle.exitMaintenance(s, hostId)).host(hostId);
        startWorkloads(hostId);
        return host;
    }

    /** The VMs of {@code hostId} that are off and will be powered on when it next starts. */
    public List<VirtualMachine> waitingForHostStart(String hostId) {
        return LabLifecycle.waiting(state, hostId);
    }

    /** The gate asked before workloads power on at host start; {@link HostPowerOnGate#OPEN} until set. */
    public void setPowerOnGate(HostPowerOnGate gate) {
        hostStarts.gate(gate);
    }

    private void startWorkloads(String hostId) {
        LabState current = state;
        Host host = current.hosts().get(hostId);
        if (host != null && host.available() && !LabLifecycle.waiting(current, hostId).isEmpty()) {
            hostStarts.start(hostId, () -> resumeWorkloads(hostId));
        }
    }

    private void resumeWorkloads(String hostId) {
        try {
            commit(s -> LabLifecycle.resumeWorkloads(s, hostId));
        } catch (IllegalStateException | LabStorageException e) {
            LOG.warn("workloads of host {} stay off until it starts again: {}", hostId, e.getMessage());
        }
    }

    @Override
    public List<Network> networks() {
        return state.networks().list();
    }

    @Override
    public Optional<Network> network(String networkId) {
        return Optional.ofNullable(state.networks().networks().get(networkId));
    }

    public Optional<IpPool> pool(String poolId) {
        return state.networks().pool(poolId);
    }

    /** The addresses handed out from a pool, in allocation order; {@link UnknownObjectException} if there is no such pool. */
    public List<IpAllocation> allocations(String poolId) {
        return state.networks().allocations(poolId);
    }

    /** Adds a network; an empty {@code gateway} means none. The CIDR must name the subnet (host bits clear). */
    public Network addNetwork(String networkId, String displayName, String cidr, String gateway) {
        String gw = gateway == null ? "" : gateway;
        LabNetworks.checkNetwork(networkId, displayName, cidr, gw);
        var network = new Network(networkId, displayName, cidr, gw, List.of());
        return commitNetworks(n -> n.addNetwork(network)).networks().get(networkId);
    }

    /** Removes a network and its pools; refused with {@link ConflictException} while any pool has allocations. */
    public void removeNetwork(String networkId) {
        commitNetworks(n -> n.removeNetwork(networkId));
    }

    /**
     * Adds a pool of addresses {@code first}..{@code last} (inclusive) to a network. Refused as invalid
     * input unless both are host addresses of the network's subnet, in order, not spanning the gateway;
     * as a {@link ConflictException} if the id is taken (pool ids are unique across networks) or the
     * range overlaps another pool of the network.
     */
    public IpPool addPool(String poolId, String networkId, String first, String last) {
        LabNetworks.checkPool(poolId, networkId, first, last);
        return commitNetworks(n -> n.addPool(new IpPool(poolId, networkId, first, last))).pool(poolId).orElseThrow();
    }

    /** Removes a pool; refused with {@link ConflictException} while it has allocations. */
    public void removePool(String poolId) {
        commitNetworks(n -> n.removePool(poolId));
    }

    /**
     * Gives {@code owner} the lowest free address of the pool, or the one it has; durable when it returns.
     *
     * @throws io.interpose.model.InvalidResourceException if {@code owner} is blank or longer than 255
     */
    @Override
    public IpAllocation allocate(String poolId, String owner) {
        require("IP allocation", v -> LabValidation.name(v, "owner", owner));
        return commitNetworks(n -> n.allocate(poolId, owner)).allocation(poolId, owner).orElseThrow();
    }

    /** Releases {@code owner}'s address (it may be handed out again); false if it had none or the pool does not exist. */
    @Override
    public boolean release(String poolId, String owner) {
        if (owner == null || state.networks().allocation(poolId, owner).isEmpty()) {
            return false;
        }
        return commitNetworks(n -> n.release(poolId, owner)).allocation(poolId, owner).isEmpty();
    }

    /**
     * Refuses further operations, interrupts host starts waiting for their gate (their workloads stay
     * remembered), delivers the events already committed (waiting at most 10 seconds for busy
     * listeners), stops the event thread and releases the directory. Idempotent.
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            writeLock.unlock();
        }
        hostStarts.close();
        dispatcher.close();
        file.close();
    }

    private static List<Tag> distinct(List<Tag> tags) {
        return List.copyOf(new LinkedHashSet<>(tags));
    }

    private LabState commit(Function<LabState, Change> operation) {
        return locked(() -> {
            Change change = operation.apply(state);
            if (change.next() != state || !change.events().isEmpty()) {
                file.write(id, change.next());
                state = change.next();
                dispatcher.publish(change.events());
            }
            return state;
        });
    }

    /** A change of networks: stored like any other, without inventory events. */
    private LabNetworks commitNetworks(UnaryOperator<LabNetworks> operation) {
        return commit(s -> new Change(s.withNetworks(operation.apply(s.networks())), List.of())).networks();
    }

    private <T> T locked(Supplier<T> action) {
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("lab datacenter '" + id + "' is closed");
            }
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }
}

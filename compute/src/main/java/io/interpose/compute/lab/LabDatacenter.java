package io.interpose.compute.lab;

import static io.interpose.compute.lab.LabValidation.require;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryListener;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lab compute manager: our stand-in for vCenter. It holds clusters, hosts and VMs, offers the
 * admin operations the lab API and CLI expose, and implements {@link ComputeManager} for the manager.
 *
 * <p>Every operation validates its input, then changes the inventory atomically (all or nothing) and
 * durably: when it returns, {@code lab-inventory.json} in the lab directory holds the new inventory.
 * Only then are listeners told, in order, on the lab's event thread (see {@link #watch}). An operation
 * that would change nothing (moving a host to its own cluster, the same tags again) writes nothing and
 * emits no event. All methods are thread-safe; reads never wait for writes.
 *
 * <p>Failures, each leaving the inventory unchanged: {@link InvalidResourceException} for bad input
 * (blank names, malformed ids, too many tags), {@link UnknownObjectException} for an id that does not
 * exist, {@link ConflictException} for a taken id or an object still in use, {@link LabStorageException}
 * when the file cannot be written, {@link IllegalStateException} after {@link #close}.
 */
public final class LabDatacenter implements ComputeManager, AutoCloseable {
    /** The compute manager id used when none is given. */
    public static final String DEFAULT_ID = "lab";
    /** The hypervisor version of hosts added without one. */
    public static final String DEFAULT_HOST_VERSION = "8.0.2";

    private final String id;
    private final LabInventoryFile file;
    private final EventDispatcher dispatcher;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile LabState state;
    private boolean closed;

    private LabDatacenter(String id, LabInventoryFile file, LabState state) {
        this.id = id;
        this.file = file;
        this.state = state;
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

    /** Opens the lab stored in {@code directory}, or, if there is none, stores and opens {@code seed}. */
    public static LabDatacenter open(Path directory, Supplier<Inventory> seed) {
        return open(directory, DEFAULT_ID, seed);
    }

    /** Opens the lab stored in {@code directory}, or the {@linkplain LabInventoryGenerator#defaultLab default lab}. */
    public static LabDatacenter openDefaultLab(Path directory) {
        return open(directory, DEFAULT_ID, LabInventoryGenerator::defaultLab);
    }

    /**
     * Opens the lab stored in {@code directory} (creating the directory if needed); when it holds no
     * inventory yet, {@code seed} is stored and becomes the inventory.
     *
     * @throws LabStorageException if the stored file is corrupt, truncated, inconsistent or belongs to
     *     another compute manager id, or if another lab datacenter has the directory open
     * @throws IllegalArgumentException if the seed has duplicate ids or dangling references
     */
    public static LabDatacenter open(Path directory, String id, Supplier<Inventory> seed) {
        require("compute manager", v -> LabValidation.id(v, "id", id));
        LabInventoryFile file = LabInventoryFile.open(directory);
        try {
            LabState initial = file.read().map(content -> stored(file, id, content)).orElseGet(() -> seeded(file, id, seed));
            return new LabDatacenter(id, file, initial);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static LabState stored(LabInventoryFile file, String id, LabInventoryFile.Content content) {
        if (!id.equals(content.computeManagerId())) {
            throw new LabStorageException("lab inventory file " + file.path() + " belongs to compute manager '"
                    + content.computeManagerId() + "', not '" + id + "'");
        }
        try {
            return LabState.of(content.inventory());
        } catch (IllegalArgumentException e) {
            throw file.corrupt("inconsistent inventory: " + e.getMessage(), e);
        }
    }

    private static LabState seeded(LabInventoryFile file, String id, Supplier<Inventory> seed) {
        LabState initial;
        try {
            initial = LabState.of(seed.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed inventory is inconsistent: " + e.getMessage(), e);
        }
        file.write(id, initial.toInventory());
        return initial;
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

    /** Moves a VM to another host (no event if it is already there). */
    public VirtualMachine migrateVm(String externalId, String targetHostId) {
        return commit(s -> s.migrateVm(externalId, targetHostId)).vms().get(externalId);
    }

    /**
     * Refuses further operations, delivers the events already committed (waiting at most 10 seconds
     * for busy listeners), stops the event thread and releases the directory. Idempotent.
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
        dispatcher.close();
        file.close();
    }

    private static List<Tag> distinct(List<Tag> tags) {
        return List.copyOf(new LinkedHashSet<>(tags));
    }

    private LabState commit(Function<LabState, Change> operation) {
        return locked(() -> {
            Change change = operation.apply(state);
            if (!change.events().isEmpty()) {
                file.write(id, change.next().toInventory());
                state = change.next();
                dispatcher.publish(change.events());
            }
            return state;
        });
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

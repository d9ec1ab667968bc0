package io.interpose.manager.inventory;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The manager's copy of the compute manager's inventory: loaded from a snapshot, then kept current
 * from its change events. Listeners (realization) hear every change after the view has applied it.
 */
public final class InventoryView implements AutoCloseable {
    private final ComputeManager compute;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final Map<String, VirtualMachine> vms = new ConcurrentHashMap<>();
    private final List<Consumer<InventoryEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private AutoCloseable subscription;

    public InventoryView(ComputeManager compute) {
        this.compute = compute;
    }

    /**
     * Subscribes to changes, then loads the snapshot; events that arrive while loading are applied
     * after it (upserts and removals are idempotent, so the order settles to the latest state).
     */
    public InventoryView start() {
        synchronized (lock) {
            subscription = compute.watch(this::apply);
            Inventory inventory = compute.snapshot();
            inventory.clusters().forEach(c -> clusters.put(c.id(), c));
            inventory.hosts().forEach(h -> hosts.put(h.id(), h));
            inventory.vms().forEach(v -> vms.put(v.externalId(), v));
        }
        return this;
    }

    public void addListener(Consumer<InventoryEvent> listener) {
        listeners.add(listener);
    }

    public ComputeManager computeManager() {
        return compute;
    }

    public List<Cluster> clusters() {
        return clusters.values().stream().sorted(Comparator.comparing(Cluster::id)).toList();
    }

    public List<Host> hosts() {
        return hosts.values().stream().sorted(Comparator.comparing(Host::id)).toList();
    }

    public List<VirtualMachine> vms() {
        return vms.values().stream().sorted(Comparator.comparing(VirtualMachine::displayName)
                .thenComparing(VirtualMachine::externalId)).toList();
    }

    public Optional<VirtualMachine> vm(String externalId) {
        return Optional.ofNullable(vms.get(externalId));
    }

    public Optional<Cluster> cluster(String id) {
        return Optional.ofNullable(clusters.get(id));
    }

    public Optional<Host> host(String id) {
        return Optional.ofNullable(hosts.get(id));
    }

    private void apply(InventoryEvent event) {
        synchronized (lock) {
            if (event instanceof InventoryEvent.ClusterUpserted e) {
                clusters.put(e.cluster().id(), e.cluster());
            } else if (event instanceof InventoryEvent.ClusterRemoved e) {
                clusters.remove(e.clusterId());
            } else if (event instanceof InventoryEvent.HostUpserted e) {
                hosts.put(e.host().id(), e.host());
            } else if (event instanceof InventoryEvent.HostRemoved e) {
                hosts.remove(e.hostId());
            } else if (event instanceof InventoryEvent.VmUpserted e) {
                vms.put(e.vm().externalId(), e.vm());
            } else if (event instanceof InventoryEvent.VmRemoved e) {
                vms.remove(e.externalId());
            }
        }
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop watching the compute manager: " + e.getMessage(), e);
            }
        }
    }
}

package io.interpose.compute.agent;

import io.interpose.compute.ComputeManager;
import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryListener;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.Tag;
import io.interpose.model.inventory.Cluster;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.Host.MaintenanceMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An in-memory compute manager of clusters and hosts whose listeners hear each change synchronously,
 * on the thread that made it (deterministic tests). Thread-safe.
 */
final class FakeComputeManager implements ComputeManager {
    private final Map<String, Cluster> clusters = new TreeMap<>();
    private final Map<String, Host> hosts = new TreeMap<>();
    private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public synchronized Inventory snapshot() {
        return new Inventory(List.copyOf(clusters.values()), List.copyOf(hosts.values()), List.of());
    }

    @Override
    public AutoCloseable watch(InventoryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void updateVmTags(String externalId, List<Tag> tags) {
        throw new UnknownObjectException("no VM " + externalId);
    }

    FakeComputeManager cluster(String id) {
        var cluster = new Cluster(id, id);
        synchronized (this) {
            clusters.put(id, cluster);
        }
        emit(new InventoryEvent.ClusterUpserted(cluster));
        return this;
    }

    /** Adds (or replaces) a connected host, not in maintenance mode. */
    FakeComputeManager host(String id, String clusterId) {
        return put(new Host(id, "esx-" + id, clusterId, "8.0.2"));
    }

    FakeComputeManager move(String id, String clusterId) {
        return edit(id, host -> host.withCluster(clusterId));
    }

    FakeComputeManager maintenance(String id, MaintenanceMode mode) {
        return edit(id, host -> host.withMaintenanceMode(mode));
    }

    FakeComputeManager connection(String id, ConnectionState state) {
        return edit(id, host -> host.withConnectionState(state));
    }

    FakeComputeManager remove(String id) {
        synchronized (this) {
            hosts.remove(id);
        }
        emit(new InventoryEvent.HostRemoved(id));
        return this;
    }

    synchronized Host get(String id) {
        return hosts.get(id);
    }

    synchronized List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    private FakeComputeManager edit(String id, UnaryOperator<Host> change) {
        Host host = get(id);
        if (host == null) {
            throw new UnknownObjectException("no host " + id);
        }
        return put(change.apply(host));
    }

    private FakeComputeManager put(Host host) {
        synchronized (this) {
            hosts.put(host.id(), host);
        }
        emit(new InventoryEvent.HostUpserted(host));
        return this;
    }

    private void emit(InventoryEvent event) {
        listeners.forEach(listener -> listener.onChange(event));
    }
}

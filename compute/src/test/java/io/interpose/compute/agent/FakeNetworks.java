package io.interpose.compute.agent;

import io.interpose.compute.Networks;
import io.interpose.compute.UnknownObjectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Networks in memory: {@code mgmt} (10.0.0.0/24, gateway 10.0.0.1) with pool {@code mgmt-pool} of
 * three addresses, 10.0.0.10 to 10.0.0.12. Thread-safe.
 */
final class FakeNetworks implements Networks {
    static final IpPool POOL = new IpPool("mgmt-pool", "mgmt", "10.0.0.10", "10.0.0.12");
    static final Network MGMT = new Network("mgmt", "Management", "10.0.0.0/24", "10.0.0.1", List.of(POOL));
    private final Map<String, String> addressByOwner = new HashMap<>();

    @Override
    public List<Network> networks() {
        return List.of(MGMT);
    }

    @Override
    public Optional<Network> network(String networkId) {
        return MGMT.id().equals(networkId) ? Optional.of(MGMT) : Optional.empty();
    }

    @Override
    public synchronized IpAllocation allocate(String poolId, String owner) {
        if (!POOL.id().equals(poolId)) {
            throw new UnknownObjectException("no IP pool " + poolId);
        }
        String address = addressByOwner.get(owner);
        if (address == null) {
            List<String> free = new ArrayList<>(List.of("10.0.0.10", "10.0.0.11", "10.0.0.12"));
            free.removeAll(addressByOwner.values());
            if (free.isEmpty()) {
                throw new PoolExhaustedException("pool " + poolId + " has no free address");
            }
            address = free.get(0);
            addressByOwner.put(owner, address);
        }
        return new IpAllocation(poolId, owner, address, 24, "10.0.0.1");
    }

    @Override
    public synchronized boolean release(String poolId, String owner) {
        return addressByOwner.remove(owner) != null;
    }

    synchronized Map<String, String> allocations() {
        return Map.copyOf(addressByOwner);
    }
}

package io.interpose.compute.lab;

import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.IpPool;
import io.interpose.compute.Networks.Network;
import io.interpose.compute.Networks.PoolExhaustedException;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.lab.Ipv4.Subnet;
import io.interpose.model.Violations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One immutable version of the lab's networks, their IP pools and the addresses handed out from them
 * (per pool, by owner, in allocation order). Operations return the next version or throw and change
 * nothing: {@link ConflictException} (id taken, overlapping pool, addresses still allocated),
 * {@link UnknownObjectException}, {@link io.interpose.model.InvalidResourceException} (a pool range
 * that does not fit its network), {@link PoolExhaustedException}.
 */
record LabNetworks(Map<String, Network> networks, Map<String, Map<String, IpAllocation>> allocations) {
    static final LabNetworks NONE = new LabNetworks(Map.of(), Map.of());

    LabNetworks {
        networks = Collections.unmodifiableMap(networks);
        allocations = Collections.unmodifiableMap(allocations);
    }

    /**
     * Rebuilds stored networks and allocations with the same checks as the admin operations.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    static LabNetworks of(List<Network> networks, List<IpAllocation> allocations) {
        try {
            LabNetworks result = NONE;
            for (Network n : networks) {
                String gateway = n.gateway() == null ? "" : n.gateway();
                checkNetwork(n.id(), n.displayName(), n.cidr(), gateway);
                result = result.addNetwork(new Network(n.id(), n.displayName(), n.cidr(), gateway, List.of()));
                for (IpPool p : n.pools()) {
                    checkPool(p.id(), n.id(), p.firstAddress(), p.lastAddress());
                    result = result.addPool(new IpPool(p.id(), n.id(), p.firstAddress(), p.lastAddress()));
                }
            }
            for (IpAllocation a : allocations) {
                result = result.restore(a);
            }
            return result;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("networks: " + e.getMessage(), e);
        }
    }

    /** Input rules of a network: id, name, a CIDR with its host bits clear, an optional gateway inside it. */
    static void checkNetwork(String id, String displayName, String cidr, String gateway) {
        LabValidation.require("network", v -> {
            LabValidation.id(v, "id", id);
            LabValidation.name(v, "display_name", displayName);
            Optional<Subnet> subnet = subnet(v, cidr);
            if (gateway != null && !gateway.isEmpty()) {
                Optional<Long> address = address(v, "gateway", gateway);
                if (subnet.isPresent() && address.isPresent()) {
                    v.check(subnet.get().contains(address.get()) && !subnet.get().reserved(address.get()), "gateway",
                            "must be a host address of " + subnet.get());
                }
            }
        });
    }

    /** Input rules of a pool: ids, two addresses, the first not after the last. */
    static void checkPool(String id, String networkId, String first, String last) {
        LabValidation.require("IP pool", v -> {
            LabValidation.id(v, "id", id);
            LabValidation.id(v, "network_id", networkId);
            Optional<Long> from = address(v, "first_address", first);
            Optional<Long> to = address(v, "last_address", last);
            if (from.isPresent() && to.isPresent()) {
                v.check(from.get() <= to.get(), "last_address", "must not come before first_address " + first);
            }
        });
    }

    private static Optional<Subnet> subnet(Violations v, String cidr) {
        v.required(cidr, "cidr");
        if (cidr == null || cidr.isBlank()) {
            return Optional.empty();
        }
        Optional<Subnet> subnet = Subnet.parse(cidr);
        v.check(subnet.isPresent(), "cidr", "must be an IPv4 subnet such as 10.10.0.0/24");
        subnet.ifPresent(s -> v.check(s.isNetworkAddress(), "cidr", "has host bits set; the subnet is " + s));
        return subnet.filter(Subnet::isNetworkAddress);
    }

    private static Optional<Long> address(Violations v, String field, String text) {
        v.required(text, field);
        Optional<Long> address = Ipv4.parse(text);
        if (text != null && !text.isBlank()) {
            v.check(address.isPresent(), field, "must be an IPv4 address such as 10.10.0.100");
        }
        return address;
    }

    List<Network> list() {
        return List.copyOf(networks.values());
    }

    Optional<IpPool> pool(String poolId) {
        return pools().filter(p -> p.id().equals(poolId)).findFirst();
    }

    private Stream<IpPool> pools() {
        return networks.values().stream().flatMap(n -> n.pools().stream());
    }

    private IpPool knownPool(String poolId) {
        return pool(poolId).orElseThrow(() -> new UnknownObjectException("no IP pool with id '" + poolId + "'"));
    }

    List<IpAllocation> allocations(String poolId) {
        knownPool(poolId);
        return List.copyOf(allocations.getOrDefault(poolId, Map.of()).values());
    }

    Optional<IpAllocation> allocation(String poolId, String owner) {
        return Optional.ofNullable(allocations.getOrDefault(poolId, Map.of()).get(owner));
    }

    LabNetworks addNetwork(Network network) {
        if (networks.containsKey(network.id())) {
            throw new ConflictException("a network with id '" + network.id() + "' already exists");
        }
        return new LabNetworks(with(networks, network.id(), network), allocations);
    }

    LabNetworks removeNetwork(String networkId) {
        Network network = known(networkId);
        List<String> inUse = network.pools().stream().map(IpPool::id).filter(this::allocated).toList();
        if (!inUse.isEmpty()) {
            throw new ConflictException("network '" + networkId + "' has addresses allocated from pool(s) " + inUse
                    + "; release them first");
        }
        var next = new LinkedHashMap<>(networks);
        next.remove(networkId);
        return new LabNetworks(next, allocations);
    }

    LabNetworks addPool(IpPool pool) {
        if (pool(pool.id()).isPresent()) {
            throw new ConflictException("an IP pool with id '" + pool.id() + "' already exists");
        }
        Network network = known(pool.networkId());
        long first = Ipv4.parse(pool.firstAddress()).orElseThrow();
        long last = Ipv4.parse(pool.lastAddress()).orElseThrow();
        checkFits(network, first, last);
        network.pools().stream().filter(p -> overlaps(p, first, last)).findFirst().ifPresent(p -> {
            throw new ConflictException("IP pool '" + pool.id() + "' (" + pool.firstAddress() + "-" + pool.lastAddress()
                    + ") overlaps pool '" + p.id() + "' (" + p.firstAddress() + "-" + p.lastAddress() + ") of network '"
                    + network.id() + "'");
        });
        List<IpPool> pools = Stream.concat(network.pools().stream(), Stream.of(pool)).toList();
        Network next = new Network(network.id(), network.displayName(), network.cidr(), network.gateway(), pools);
        return new LabNetworks(with(networks, network.id(), next), allocations);
    }

    private static void checkFits(Network network, long first, long last) {
        Subnet subnet = Subnet.parse(network.cidr()).orElseThrow();
        LabValidation.require("IP pool", v -> {
            String hosts = "must be a host address of network '" + network.id() + "' (" + network.cidr() + ")";
            v.check(subnet.contains(first) && !subnet.reserved(first), "first_address", hosts);
            v.check(subnet.contains(last) && !subnet.reserved(last), "last_address", hosts);
            Ipv4.parse(network.gateway()).filter(g -> g >= first && g <= last).ifPresent(g -> v.add("first_address",
                    "the range contains the gateway " + network.gateway() + " of network '" + network.id() + "'"));
        });
    }

    private static boolean overlaps(IpPool pool, long first, long last) {
        return Ipv4.parse(pool.firstAddress()).orElseThrow() <= last && Ipv4.parse(pool.lastAddress()).orElseThrow() >= first;
    }

    LabNetworks removePool(String poolId) {
        IpPool pool = knownPool(poolId);
        if (allocated(poolId)) {
            throw new ConflictException("IP pool '" + poolId + "' has " + allocations.get(poolId).size()
                    + " address(es) allocated; release them first");
        }
        Network network = networks.get(pool.networkId());
        List<IpPool> pools = network.pools().stream().filter(p -> !p.id().equals(poolId)).toList();
        Network next = new Network(network.id(), network.displayName(), network.cidr(), network.gateway(), pools);
        var remaining = new LinkedHashMap<>(allocations);
        remaining.remove(poolId);
        return new LabNetworks(with(networks, network.id(), next), remaining);
    }

    /** Gives {@code owner} the lowest free address of the pool; unchanged if it already has one. */
    LabNetworks allocate(String poolId, String owner) {
        IpPool pool = knownPool(poolId);
        if (allocation(poolId, owner).isPresent()) {
            return this;
        }
        Set<Long> taken = allocations.getOrDefault(poolId, Map.of()).values().stream()
                .map(a -> Ipv4.parse(a.address()).orElseThrow()).collect(Collectors.toSet());
        long first = Ipv4.parse(pool.firstAddress()).orElseThrow();
        long last = Ipv4.parse(pool.lastAddress()).orElseThrow();
        long free = first;
        while (free <= last && taken.contains(free)) {
            free++;
        }
        if (free > last) {
            throw new PoolExhaustedException("IP pool '" + poolId + "' (" + pool.firstAddress() + "-" + pool.lastAddress()
                    + ") has no free address: all " + (last - first + 1) + " are allocated");
        }
        return put(allocationOf(pool, owner, Ipv4.format(free)));
    }

    private IpAllocation allocationOf(IpPool pool, String owner, String address) {
        Network network = networks.get(pool.networkId());
        int prefix = Subnet.parse(network.cidr()).orElseThrow().prefixLength();
        return new IpAllocation(pool.id(), owner, address, prefix, network.gateway());
    }

    /** Takes back {@code owner}'s address; unchanged if it has none (also for an unknown pool). */
    LabNetworks release(String poolId, String owner) {
        if (allocation(poolId, owner).isEmpty()) {
            return this;
        }
        var owners = new LinkedHashMap<>(allocations.get(poolId));
        owners.remove(owner);
        return new LabNetworks(networks, with(allocations, poolId, owners));
    }

    private LabNetworks restore(IpAllocation stored) {
        IpPool pool = knownPool(stored.poolId());
        long address = Ipv4.parse(stored.address())
                .orElseThrow(() -> new IllegalArgumentException("allocation of '" + stored.owner() + "' has no valid address"));
        boolean inRange = address >= Ipv4.parse(pool.firstAddress()).orElseThrow() && address <= Ipv4.parse(pool.lastAddress()).orElseThrow();
        Map<String, IpAllocation> owners = allocations.getOrDefault(pool.id(), Map.of());
        if (!inRange || owners.containsKey(stored.owner())
                || owners.values().stream().anyMatch(a -> a.address().equals(stored.address()))) {
            throw new IllegalArgumentException("allocation of " + stored.address() + " to '" + stored.owner()
                    + "' in pool '" + pool.id() + "' is outside the pool or collides with another");
        }
        return put(allocationOf(pool, stored.owner(), stored.address()));
    }

    private LabNetworks put(IpAllocation allocation) {
        var owners = new LinkedHashMap<>(allocations.getOrDefault(allocation.poolId(), Map.of()));
        owners.put(allocation.owner(), allocation);
        return new LabNetworks(networks, with(allocations, allocation.poolId(), owners));
    }

    /** Every allocation, pool by pool, for the file. */
    List<IpAllocation> allAllocations() {
        var all = new ArrayList<IpAllocation>();
        allocations.values().forEach(owners -> all.addAll(owners.values()));
        return all;
    }

    private boolean allocated(String poolId) {
        return !allocations.getOrDefault(poolId, Map.of()).isEmpty();
    }

    private Network known(String networkId) {
        Network network = networks.get(networkId);
        if (network == null) {
            throw new UnknownObjectException("no network with id '" + networkId + "'");
        }
        return network;
    }

    private static <T> Map<String, T> with(Map<String, T> map, String id, T value) {
        var copy = new LinkedHashMap<>(map);
        copy.put(id, value);
        return copy;
    }
}

package io.interpose.compute;

import java.util.List;
import java.util.Optional;

/**
 * The networks of a compute manager and their IP pools. Service VM NICs attach to a network and get
 * their address by DHCP, statically, or from a pool. Pool addresses never collide; an owner (for
 * example {@code "<deployment>/<host>/<nic>"}) gets the same address when it asks again, until it
 * releases it. Allocations are durable.
 */
public interface Networks {
    List<Network> networks();

    Optional<Network> network(String networkId);

    /**
     * Allocates an address of {@code poolId} to {@code owner} (or returns the one it already has).
     *
     * @throws UnknownObjectException if there is no such pool
     * @throws PoolExhaustedException if every address is taken
     */
    IpAllocation allocate(String poolId, String owner);

    /** Releases {@code owner}'s address in {@code poolId}; false if it had none. */
    boolean release(String poolId, String owner);

    /** A network: an id, a name, its subnet in CIDR form, gateway, and the pools carved from it. */
    record Network(String id, String displayName, String cidr, String gateway, List<IpPool> pools) {
        public Network {
            pools = pools == null ? List.of() : List.copyOf(pools);
        }
    }

    /** A range of addresses of a network, inclusive, handed out one per owner. */
    record IpPool(String id, String networkId, String firstAddress, String lastAddress) {}

    /** An address given to an owner, with what a NIC needs to use it. */
    record IpAllocation(String poolId, String owner, String address, int prefixLength, String gateway) {}

    /** Every address of a pool is taken. */
    final class PoolExhaustedException extends RuntimeException {
        public PoolExhaustedException(String message) {
            super(message);
        }
    }
}

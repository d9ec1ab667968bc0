package io.interpose.compute.agent;

import io.interpose.model.Violations;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The administrator's configuration of one service VM NIC: the OVF network it stands for
 * ({@code name}), the network it attaches to, and how it gets its address. The agent manager
 * resolves it per host (allocating pool addresses) and passes the result in the OVF environment.
 *
 * @param name the NIC's name, as the OVF's {@code NetworkSection} names the network
 * @param networkId the network (see {@link io.interpose.compute.Networks})
 * @param assignment how the address is chosen
 * @param ipPoolId the pool, for {@link IpAssignment#POOL}; empty otherwise
 * @param staticAddresses host id to address, for {@link IpAssignment#STATIC}; empty otherwise
 */
public record NicConfig(String name, String networkId, IpAssignment assignment, String ipPoolId,
        Map<String, String> staticAddresses) {

    public NicConfig {
        ipPoolId = ipPoolId == null ? "" : ipPoolId;
        staticAddresses = staticAddresses == null ? Map.of() : staticAddresses;
        new Violations().required(name, "name").required(networkId, "network_id").required(assignment, "assignment")
                .check(assignment != IpAssignment.POOL || !ipPoolId.isBlank(), "ip_pool_id", "is required for POOL")
                .check(assignment == IpAssignment.POOL || ipPoolId.isBlank(), "ip_pool_id", "is only allowed for POOL")
                .check(assignment != IpAssignment.STATIC || !staticAddresses.isEmpty(), "static_addresses", "is required for STATIC")
                .check(assignment == IpAssignment.STATIC || staticAddresses.isEmpty(), "static_addresses", "is only allowed for STATIC")
                .check(staticAddresses.values().stream().noneMatch(a -> a == null || a.isBlank()), "static_addresses", "must not have blank addresses")
                .throwIfAny("nic " + name);
        staticAddresses = Collections.unmodifiableMap(new TreeMap<>(staticAddresses));
    }

    public static NicConfig dhcp(String name, String networkId) {
        return new NicConfig(name, networkId, IpAssignment.DHCP, "", Map.of());
    }

    public static NicConfig pool(String name, String networkId, String ipPoolId) {
        return new NicConfig(name, networkId, IpAssignment.POOL, ipPoolId, Map.of());
    }

    public static NicConfig fixed(String name, String networkId, Map<String, String> addressByHost) {
        return new NicConfig(name, networkId, IpAssignment.STATIC, "", addressByHost);
    }

    /** How a NIC gets its address. */
    public enum IpAssignment { DHCP, STATIC, POOL }
}

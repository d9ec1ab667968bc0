package io.interpose.compute.agent;

import io.interpose.compute.Networks;
import io.interpose.compute.Networks.IpAllocation;
import io.interpose.compute.Networks.Network;
import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.AgentState.PoolLease;
import io.interpose.model.Violations;
import io.interpose.model.inventory.Host;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds an agent's OVF environment: the agency's properties, then its per-host properties, then the
 * agent manager's own (which win): identity ({@code interpose.agency.id}, {@code interpose.agency.name},
 * {@code interpose.agent.name}, {@code interpose.svm.id}, {@code interpose.host.id},
 * {@code interpose.host.name}, {@code interpose.cluster.id}) and, per NIC {@code n},
 * {@code interpose.nic.<n>.network_id}, {@code .assignment} ({@code DHCP}, {@code STATIC}, {@code POOL})
 * and, unless DHCP, {@code .address}, {@code .prefix_length}, {@code .gateway} ({@code .ip_pool_id} for
 * a pool). Pool addresses are allocated to the owner {@code <agency>/<host>/<nic>}.
 */
final class AgentEnvironment {
    static final String PREFIX = "interpose.";
    private final Networks networks;

    AgentEnvironment(Networks networks) {
        this.networks = networks;
    }

    /** A reason the environment cannot be built; filed as {@link IssueType#VM_NOT_DEPLOYED}. */
    static final class EnvironmentException extends Exception {
        EnvironmentException(String message) {
            super(message);
        }
    }

    /** Builds the spec of {@code host}'s service VM, allocating pool addresses (recorded in {@code leases}). */
    SvmSpec spec(String agencyId, AgencyConfig config, Host host, Set<PoolLease> leases) throws EnvironmentException {
        var environment = new TreeMap<>(config.properties());
        Map<String, String> perHost = hostProperties(config, host);
        environment.putAll(perHost);
        String svmId = AgentState.svmId(agencyId, host.id());
        environment.put(PREFIX + "agency.id", agencyId);
        environment.put(PREFIX + "agency.name", config.agencyName());
        environment.put(PREFIX + "agent.name", config.agentName(host.id()));
        environment.put(PREFIX + "svm.id", svmId);
        environment.put(PREFIX + "host.id", host.id());
        environment.put(PREFIX + "host.name", host.displayName());
        environment.put(PREFIX + "cluster.id", host.clusterId());
        for (NicConfig nic : config.nics()) {
            environment.putAll(nic(agencyId, nic, host, leases));
        }
        return new SvmSpec(config.packageSource(), environment, perHost);
    }

    private static Map<String, String> hostProperties(AgencyConfig config, Host host) throws EnvironmentException {
        Map<String, String> properties;
        try {
            properties = config.hostProperties().forHost(host).orElse(null);
        } catch (RuntimeException e) {
            throw new EnvironmentException("the per-host properties of host " + host.id() + " failed: " + e.getMessage());
        }
        if (properties == null) {
            throw new EnvironmentException("the per-host properties of host " + host.id() + " are not known since the"
                    + " agent manager restarted; give the agency's configuration again (updateAgency)");
        }
        var v = new Violations();
        ConfigRules.properties(v, "host_properties", properties);
        if (!v.isEmpty()) {
            throw new EnvironmentException("the per-host properties of host " + host.id() + " are invalid: " + v.list());
        }
        return properties;
    }

    private Map<String, String> nic(String agencyId, NicConfig nic, Host host, Set<PoolLease> leases) throws EnvironmentException {
        String key = PREFIX + "nic." + nic.name() + ".";
        Network network = networks.network(nic.networkId()).orElseThrow(() -> new EnvironmentException(
                "NIC " + nic.name() + ": network " + nic.networkId() + " does not exist"));
        var values = new TreeMap<String, String>();
        values.put(key + "network_id", network.id());
        values.put(key + "assignment", nic.assignment().name());
        switch (nic.assignment()) {
            case DHCP -> { }
            case STATIC -> values.putAll(fixed(key, nic, network, host));
            case POOL -> values.putAll(pooled(key, nic, owner(agencyId, host.id(), nic.name()), leases));
        }
        return values;
    }

    private static Map<String, String> fixed(String key, NicConfig nic, Network network, Host host) throws EnvironmentException {
        String address = nic.staticAddresses().get(host.id());
        if (address == null) {
            throw new EnvironmentException("NIC " + nic.name() + " has no static address for host " + host.id());
        }
        return Map.of(key + "address", address, key + "prefix_length", prefixLength(network.cidr()),
                key + "gateway", network.gateway() == null ? "" : network.gateway());
    }

    private Map<String, String> pooled(String key, NicConfig nic, String owner, Set<PoolLease> leases) throws EnvironmentException {
        IpAllocation allocation;
        try {
            allocation = networks.allocate(nic.ipPoolId(), owner);
        } catch (UnknownObjectException | Networks.PoolExhaustedException e) {
            throw new EnvironmentException("NIC " + nic.name() + ": no address from pool " + nic.ipPoolId() + ": " + e.getMessage());
        }
        leases.add(new PoolLease(nic.ipPoolId(), owner));
        return Map.of(key + "ip_pool_id", nic.ipPoolId(), key + "address", allocation.address(),
                key + "prefix_length", Integer.toString(allocation.prefixLength()),
                key + "gateway", allocation.gateway() == null ? "" : allocation.gateway());
    }

    private static String prefixLength(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        return slash < 0 ? "" : cidr.substring(slash + 1);
    }

    static String owner(String agencyId, String hostId, String nicName) {
        return agencyId + "/" + hostId + "/" + nicName;
    }

    /** Gives back every pool address the agent holds. */
    void release(Set<PoolLease> leases) {
        leases.forEach(lease -> networks.release(lease.poolId(), lease.owner()));
        leases.clear();
    }
}

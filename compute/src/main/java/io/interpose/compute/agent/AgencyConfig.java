package io.interpose.compute.agent;

import io.interpose.model.Violations;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an agency deploys and where (EAM's {@code AgencyConfigInfo} with one agent configuration):
 * one service VM on every host of cluster {@code clusterId}, run from {@code packageSource}, each with
 * an OVF environment made of {@code properties} (the same for all), {@code hostProperties} (per host),
 * the agent manager's identity properties and the resolved {@code nics}.
 *
 * @param agencyName a name for people
 * @param clusterId the scope: every host of this cluster gets an agent
 * @param agentNamePrefix agents are named {@code <prefix>-<host id>}; defaults to the agency name
 * @throws io.interpose.model.InvalidResourceException listing every bad field
 */
public record AgencyConfig(String agencyName, String clusterId, String agentNamePrefix, PackageSource packageSource,
        Map<String, String> properties, HostProperties hostProperties, List<NicConfig> nics) {

    public AgencyConfig {
        var v = new Violations().required(agencyName, "agency_name").required(packageSource, "package_source");
        ConfigRules.id(v, "cluster_id", clusterId);
        ConfigRules.properties(v, "properties", properties);
        nics = nics == null ? List.of() : nics;
        var names = new HashSet<String>();
        nics.forEach(nic -> v.check(nic != null && names.add(nic.name()), "nics", "must be distinct, non-null NICs"));
        v.throwIfAny("agency configuration");
        agentNamePrefix = agentNamePrefix == null || agentNamePrefix.isBlank() ? agencyName : agentNamePrefix;
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
        hostProperties = hostProperties == null ? HostProperties.NONE : hostProperties;
        nics = List.copyOf(nics);
    }

    /** An agency of {@code packageSource} on {@code clusterId}, without properties or NICs. */
    public static AgencyConfig of(String agencyName, String clusterId, PackageSource packageSource) {
        return new AgencyConfig(agencyName, clusterId, "", packageSource, Map.of(), HostProperties.NONE, List.of());
    }

    public AgencyConfig withClusterId(String cluster) {
        return new AgencyConfig(agencyName, cluster, agentNamePrefix, packageSource, properties, hostProperties, nics);
    }

    public AgencyConfig withPackageSource(PackageSource source) {
        return new AgencyConfig(agencyName, clusterId, agentNamePrefix, source, properties, hostProperties, nics);
    }

    public AgencyConfig withProperties(Map<String, String> common) {
        return new AgencyConfig(agencyName, clusterId, agentNamePrefix, packageSource, common, hostProperties, nics);
    }

    public AgencyConfig withHostProperties(HostProperties perHost) {
        return new AgencyConfig(agencyName, clusterId, agentNamePrefix, packageSource, properties, perHost, nics);
    }

    public AgencyConfig withNics(List<NicConfig> nicConfigs) {
        return new AgencyConfig(agencyName, clusterId, agentNamePrefix, packageSource, properties, hostProperties, nicConfigs);
    }

    /** The name of the agent on {@code hostId}. */
    public String agentName(String hostId) {
        return agentNamePrefix + "-" + hostId;
    }
}

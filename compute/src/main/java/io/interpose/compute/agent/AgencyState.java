package io.interpose.compute.agent;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The agent manager's record of one agency and its agents, by host id. Guarded by the agent manager's lock. */
final class AgencyState {
    final String id;
    AgencyConfig config;
    GoalState goal;
    boolean removing;
    /** What the configuration's {@link HostProperties} answered per host (stored, for restarts). */
    final Map<String, Map<String, String>> recordedHostProperties = new ConcurrentHashMap<>();
    final Map<String, AgentState> agents = new TreeMap<>();
    /** The host whose service VM is being replaced after a configuration change, or null. */
    String rollingHost;

    AgencyState(String id, AgencyConfig config, GoalState goal) {
        this.id = id;
        this.config = config;
        this.goal = goal;
    }

    /** The configuration as stored: per-host properties become the recorded answers. */
    AgencyFile.StoredAgency stored() {
        boolean perHost = config.hostProperties() != HostProperties.NONE;
        return new AgencyFile.StoredAgency(id, config.agencyName(), config.clusterId(), config.agentNamePrefix(),
                config.packageSource(), config.properties(), config.nics(), goal, removing,
                perHost ? new TreeMap<>(recordedHostProperties) : null);
    }

    /** An agency read back from disk; per-host properties answer from the record until reconfigured. */
    static AgencyState restored(AgencyFile.StoredAgency stored) {
        var agency = new AgencyState(stored.id(), null, stored.goalState());
        agency.removing = stored.removing();
        HostProperties perHost = HostProperties.NONE;
        if (stored.hostProperties() != null) {
            agency.recordedHostProperties.putAll(stored.hostProperties());
            perHost = host -> Optional.ofNullable(agency.recordedHostProperties.get(host.id()));
        }
        agency.config = new AgencyConfig(stored.agencyName(), stored.clusterId(), stored.agentNamePrefix(),
                stored.packageSource(), stored.properties(), perHost, stored.nics());
        return agency;
    }
}

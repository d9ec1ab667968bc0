package io.interpose.compute.agent;

import io.interpose.compute.agent.AgentLifecycle.Want;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent manager's record of one agent (agency x host): its current start, what is deployed, its
 * restart bookkeeping and open issues. Guarded by the agent manager's lock; only its agency's
 * reconciler changes what is deployed.
 */
final class AgentState {
    final String hostId;
    final String svmId;
    Want want = Want.RUN;
    Launch launch;
    SvmSpec deployed;
    AgencyConfig deployedFor;
    final Set<PoolLease> leases = new HashSet<>();
    int failures;
    Instant notBefore = Instant.EPOCH;
    AgentPhase phase = AgentPhase.NOT_DEPLOYED;
    Instant since;
    final Map<IssueType, Issue> issues = new EnumMap<>(IssueType.class);

    /** An address an agent holds in an IP pool, released when the agent goes. */
    record PoolLease(String poolId, String owner) {}

    AgentState(String agencyId, String hostId, Instant created) {
        this.hostId = hostId;
        this.svmId = svmId(agencyId, hostId);
        this.since = created;
    }

    /** {@code <agency>@<host>}: unambiguous, since ids cannot contain {@code @}. */
    static String svmId(String agencyId, String hostId) {
        return agencyId + "@" + hostId;
    }

    Optional<Launch> launch() {
        return Optional.ofNullable(launch);
    }

    boolean ready() {
        return launch != null && launch.ready();
    }

    /** A start that has not exited (it may be starting or ready). */
    boolean running() {
        return launch != null && !launch.exited();
    }
}

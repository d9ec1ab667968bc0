package io.interpose.compute.agent;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps one service VM (an agent) on every host of a cluster, for each agency: our ESX Agent Manager.
 * An agency is identified by an id its creator chooses (the service deployment's id), so that creating
 * it again after a crash is refused instead of deploying twice.
 *
 * <p>All work is asynchronous: methods record what is wanted and return; the agent manager then deploys,
 * starts, restarts and removes service VMs, files {@link Issue}s for what fails, and reports every change
 * to its {@linkplain #watch listeners}. Hosts that join the cluster get an agent; hosts that leave lose it.
 *
 * <p>Failures: {@link io.interpose.compute.UnknownObjectException} for an unknown agency or service VM,
 * {@link AgencyExistsException} for a taken agency id, {@link io.interpose.model.InvalidResourceException}
 * for a bad id, {@link AgentOperationRefusedException} for power-off, suspend and migrate requests,
 * {@link IllegalStateException} after the agent manager is closed.
 */
public interface AgentManager {

    /** Creates an agency; its agents are deployed asynchronously. */
    Agency createAgency(String agencyId, AgencyConfig config, GoalState goalState);

    /**
     * Replaces an agency's configuration. Agents whose package or OVF environment changes are replaced one
     * host at a time (the next after the previous is ready); a changed cluster moves the agents.
     */
    Agency updateAgency(String agencyId, AgencyConfig config);

    Agency setGoalState(String agencyId, GoalState goalState);

    /**
     * Starts removing an agency: goal state {@link GoalState#UNINSTALLED}, then, once its agents are
     * gone, the agency itself ({@link AgentEvent.AgencyRemoved}). Idempotent.
     */
    void destroyAgency(String agencyId);

    List<Agency> agencies();

    Optional<Agency> agency(String agencyId);

    /** The agency's agents, one per host of its cluster (by host id). */
    List<Agent> agents(String agencyId);

    Optional<Agent> agent(String agencyId, String hostId);

    /** The agent whose service VM has this id ({@code <agency id>@<host id>}). */
    Optional<Agent> agentBySvm(String svmId);

    /** The open issues of the agency and of its agents, by key. */
    List<Issue> issues(String agencyId);

    /**
     * Resolves issues: each is dropped and its remediation runs now (redeploy, restart, retry the package,
     * remove); a condition that persists is filed again under a new key. Returns the keys it knew.
     */
    List<Integer> resolve(String agencyId, Collection<Integer> issueKeys);

    /** Resolves every open issue of the agency; returns their keys. */
    List<Integer> resolveAll(String agencyId);

    /** Always refused: a service VM runs while its host is available. */
    void powerOff(String svmId);

    /** Always refused, like {@link #powerOff}. */
    void suspend(String svmId);

    /** Always refused: a service VM is pinned to its host. */
    void migrate(String svmId, String targetHostId);

    /** Registers {@code listener} for every change after this call; close the result to stop. */
    AutoCloseable watch(AgentListener listener);
}

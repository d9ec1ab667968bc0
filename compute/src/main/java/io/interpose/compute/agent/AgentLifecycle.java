package io.interpose.compute.agent;

import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The rules of an agent's lifecycle, as pure functions: what the agent manager wants for an agent
 * given its agency and host, which phase an agent is in, and its status. The reconciler acts on them.
 */
final class AgentLifecycle {
    private AgentLifecycle() {}

    /** What should be on one host for one agency. */
    enum Want {
        /** No agent: the host left the cluster (or is gone), or the agency is uninstalled or being removed. */
        REMOVE,
        /** Host in maintenance mode ({@code ON} or {@code EXITING}): agent kept, no service VM. */
        HOST_IN_MAINTENANCE,
        /** Host disconnected: agent kept, no service VM. */
        HOST_UNREACHABLE,
        /** Host entering maintenance mode: workloads are leaving; the service VM stays as it is, last to go (unless the agency is disabled). */
        KEEP,
        /** Goal state {@link GoalState#DISABLED}: the service VM stays deployed, powered off. */
        POWER_OFF,
        /** A ready service VM of the current configuration. */
        RUN
    }

    /** Deployment issues are replaced by each other and cleared by a successful start. */
    static final Set<IssueType> DEPLOY_ISSUES =
            EnumSet.of(IssueType.VM_NOT_DEPLOYED, IssueType.CANNOT_ACCESS_AGENT_OVF, IssueType.OVF_INVALID_FORMAT);

    /** {@code host} is null when the compute manager no longer has it. */
    static Want want(String clusterId, GoalState goal, boolean removing, Host host) {
        if (removing || goal == GoalState.UNINSTALLED || host == null || !host.clusterId().equals(clusterId)) {
            return Want.REMOVE;
        }
        if (host.connectionState() == ConnectionState.DISCONNECTED) {
            return Want.HOST_UNREACHABLE;
        }
        return switch (host.maintenanceMode()) {
            case ON, EXITING -> Want.HOST_IN_MAINTENANCE;
            case ENTERING -> goal == GoalState.DISABLED ? Want.POWER_OFF : Want.KEEP;
            case OFF -> goal == GoalState.DISABLED ? Want.POWER_OFF : Want.RUN;
        };
    }

    /** The issues that cannot be open under {@code want}. */
    static Set<IssueType> clearedBy(Want want) {
        Set<IssueType> cleared = EnumSet.noneOf(IssueType.class);
        if (want != Want.HOST_IN_MAINTENANCE) {
            cleared.add(IssueType.HOST_IN_MAINTENANCE_MODE);
        }
        if (want != Want.HOST_UNREACHABLE) {
            cleared.add(IssueType.MANAGED_HOST_NOT_REACHABLE);
        }
        if (want != Want.RUN) {
            cleared.addAll(DEPLOY_ISSUES);
            cleared.add(IssueType.VM_POWERED_OFF);
        }
        if (want != Want.REMOVE) {
            cleared.add(IssueType.VM_ORPHANED);
        }
        if (want == Want.RUN || want == Want.KEEP) {
            cleared.add(IssueType.VM_DEPLOYED);
        }
        return cleared;
    }

    /**
     * The phase of an agent: {@code running}/{@code ready} describe its current start, {@code deployed}
     * whether a service VM exists for it, {@code restartPending} whether a crash awaits its restart.
     */
    static AgentPhase phase(Want want, boolean running, boolean ready, boolean deployed, boolean restartPending) {
        if (running) {
            return ready ? AgentPhase.READY : AgentPhase.STARTING;
        }
        if (want == Want.HOST_IN_MAINTENANCE || want == Want.HOST_UNREACHABLE) {
            return AgentPhase.HOST_UNAVAILABLE;
        }
        if (restartPending && want == Want.RUN) {
            return AgentPhase.RESTARTING;
        }
        return want == Want.POWER_OFF && deployed ? AgentPhase.POWERED_OFF : AgentPhase.NOT_DEPLOYED;
    }

    /** Red with a real issue open, green at the goal, yellow on the way. */
    static Status status(GoalState goal, AgentPhase phase, Collection<Issue> issues) {
        if (issues.stream().anyMatch(issue -> !issue.type().informational())) {
            return Status.RED;
        }
        boolean atGoal = switch (goal) {
            case ENABLED -> phase == AgentPhase.READY || phase == AgentPhase.HOST_UNAVAILABLE;
            case DISABLED -> phase == AgentPhase.POWERED_OFF || phase == AgentPhase.NOT_DEPLOYED
                    || phase == AgentPhase.HOST_UNAVAILABLE;
            case UNINSTALLED -> false;
        };
        return atGoal ? Status.GREEN : Status.YELLOW;
    }
}

package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.compute.agent.AgentLifecycle.Want;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.Host.MaintenanceMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle rules, over every combination of their inputs. */
class AgentLifecycleTest {
    private static final Host HOST = new Host("h1", "esx-1", "c1", "8.0.2");

    @Test
    void wantFollowsScopeGoalConnectionAndMaintenanceModeInThatOrder() {
        for (GoalState goal : GoalState.values()) {
            for (ConnectionState connection : ConnectionState.values()) {
                for (MaintenanceMode mode : MaintenanceMode.values()) {
                    Host host = HOST.withConnectionState(connection).withMaintenanceMode(mode);
                    Want want = AgentLifecycle.want("c1", goal, false, host);
                    assertThat(want).as("%s %s %s", goal, connection, mode).isEqualTo(expected(goal, connection, mode));
                    assertThat(AgentLifecycle.want("c1", goal, true, host)).isEqualTo(Want.REMOVE);
                    assertThat(AgentLifecycle.want("c2", goal, false, host)).isEqualTo(Want.REMOVE);
                }
            }
            assertThat(AgentLifecycle.want("c1", goal, false, null)).isEqualTo(Want.REMOVE);
        }
    }

    private static Want expected(GoalState goal, ConnectionState connection, MaintenanceMode mode) {
        if (goal == GoalState.UNINSTALLED) {
            return Want.REMOVE;
        }
        if (connection == ConnectionState.DISCONNECTED) {
            return Want.HOST_UNREACHABLE;
        }
        if (mode == MaintenanceMode.ON || mode == MaintenanceMode.EXITING) {
            return Want.HOST_IN_MAINTENANCE;
        }
        if (mode == MaintenanceMode.ENTERING) {
            return goal == GoalState.ENABLED ? Want.KEEP : Want.POWER_OFF;
        }
        return goal == GoalState.ENABLED ? Want.RUN : Want.POWER_OFF;
    }

    @Test
    void onlyTheIssuesThatStillApplyStayOpen() {
        assertThat(AgentLifecycle.clearedBy(Want.RUN)).containsExactlyInAnyOrder(IssueType.HOST_IN_MAINTENANCE_MODE,
                IssueType.MANAGED_HOST_NOT_REACHABLE, IssueType.VM_ORPHANED, IssueType.VM_DEPLOYED);
        assertThat(AgentLifecycle.clearedBy(Want.HOST_IN_MAINTENANCE)).doesNotContain(IssueType.HOST_IN_MAINTENANCE_MODE, IssueType.VM_DEPLOYED)
                .contains(IssueType.VM_POWERED_OFF, IssueType.CANNOT_ACCESS_AGENT_OVF, IssueType.MANAGED_HOST_NOT_REACHABLE);
        assertThat(AgentLifecycle.clearedBy(Want.REMOVE)).doesNotContain(IssueType.VM_ORPHANED, IssueType.VM_DEPLOYED);
        for (Want want : Want.values()) {
            if (want == Want.RUN) {
                assertThat(AgentLifecycle.clearedBy(want)).doesNotContainAnyElementsOf(AgentLifecycle.DEPLOY_ISSUES);
            } else {
                assertThat(AgentLifecycle.clearedBy(want)).as("%s", want).containsAll(AgentLifecycle.DEPLOY_ISSUES);
            }
        }
    }

    @Test
    void aRunningServiceVmIsStartingOrReadyWhateverIsWanted() {
        for (Want want : Want.values()) {
            assertThat(AgentLifecycle.phase(want, true, false, true, false)).isEqualTo(AgentPhase.STARTING);
            assertThat(AgentLifecycle.phase(want, true, true, true, true)).isEqualTo(AgentPhase.READY);
        }
    }

    @Test
    void aStoppedServiceVmsPhaseSaysWhy() {
        assertThat(AgentLifecycle.phase(Want.HOST_IN_MAINTENANCE, false, false, false, true)).isEqualTo(AgentPhase.HOST_UNAVAILABLE);
        assertThat(AgentLifecycle.phase(Want.HOST_UNREACHABLE, false, false, true, false)).isEqualTo(AgentPhase.HOST_UNAVAILABLE);
        assertThat(AgentLifecycle.phase(Want.RUN, false, false, true, true)).isEqualTo(AgentPhase.RESTARTING);
        assertThat(AgentLifecycle.phase(Want.RUN, false, false, true, false)).isEqualTo(AgentPhase.NOT_DEPLOYED);
        assertThat(AgentLifecycle.phase(Want.POWER_OFF, false, false, true, false)).isEqualTo(AgentPhase.POWERED_OFF);
        assertThat(AgentLifecycle.phase(Want.POWER_OFF, false, false, false, false)).isEqualTo(AgentPhase.NOT_DEPLOYED);
        assertThat(AgentLifecycle.phase(Want.KEEP, false, false, false, false)).isEqualTo(AgentPhase.NOT_DEPLOYED);
    }

    @Test
    void statusIsRedWithARealIssueGreenAtTheGoalAndYellowOnTheWay() {
        Issue real = new Issue(1, IssueType.VM_POWERED_OFF, "a", "h1", "", Instant.EPOCH);
        Issue informational = new Issue(2, IssueType.HOST_IN_MAINTENANCE_MODE, "a", "h1", "", Instant.EPOCH);

        assertThat(AgentLifecycle.status(GoalState.ENABLED, AgentPhase.READY, List.of(real))).isEqualTo(Status.RED);
        assertThat(AgentLifecycle.status(GoalState.ENABLED, AgentPhase.HOST_UNAVAILABLE, List.of(informational))).isEqualTo(Status.GREEN);
        assertThat(AgentLifecycle.status(GoalState.ENABLED, AgentPhase.STARTING, List.of())).isEqualTo(Status.YELLOW);
        assertThat(AgentLifecycle.status(GoalState.DISABLED, AgentPhase.POWERED_OFF, List.of())).isEqualTo(Status.GREEN);
        assertThat(AgentLifecycle.status(GoalState.DISABLED, AgentPhase.READY, List.of())).isEqualTo(Status.YELLOW);
        assertThat(AgentLifecycle.status(GoalState.UNINSTALLED, AgentPhase.NOT_DEPLOYED, List.of())).isEqualTo(Status.YELLOW);
    }

    @Test
    void everyIssueTypeCarriesItsEamName() {
        assertThat(List.of(IssueType.values())).extracting(IssueType::eamName).containsExactly("VmNotDeployed",
                "CannotAccessAgentOVF", "OvfInvalidFormat", "VmPoweredOff", "VmOrphaned", "VmDeployed",
                "HostInMaintenanceMode", "ManagedHostNotReachable");
        assertThat(List.of(IssueType.values())).filteredOn(IssueType::informational)
                .containsExactly(IssueType.HOST_IN_MAINTENANCE_MODE, IssueType.MANAGED_HOST_NOT_REACHABLE);
    }
}

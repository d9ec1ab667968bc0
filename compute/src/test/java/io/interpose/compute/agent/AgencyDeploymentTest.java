package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.AgentEvent.AgencyRemoved;
import io.interpose.compute.agent.AgentEvent.AgentRemoved;
import io.interpose.compute.agent.AgentEvent.AgentUpdated;
import io.interpose.model.InvalidResourceException;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.Host.MaintenanceMode;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The placement rules: one service VM per available host of the agency's cluster, following the inventory. */
class AgencyDeploymentTest {
    @TempDir
    Path dir;

    private AgentLab lab;

    @BeforeEach
    void openLab() {
        lab = new AgentLab(dir).twoClusters().open();
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    @Test
    void deploysOneReadyServiceVmOnEveryHostOfTheCluster() {
        Agency created = lab.deploy("epp", "c1");

        assertThat(created.goalState()).isEqualTo(GoalState.ENABLED);
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.manager.agents("epp")).extracting(Agent::hostId).containsExactly("h1", "h2");
        Agent agent = lab.agent("epp", "h1");
        assertThat(agent.name()).isEqualTo("EPP epp-h1");
        assertThat(agent.runtime().svmId()).isEqualTo("epp@h1");
        assertThat(agent.runtime().phase()).isEqualTo(AgentPhase.READY);
        assertThat(agent.runtime().powerState()).isEqualTo(PowerState.POWERED_ON);
        assertThat(agent.runtime().ready()).isTrue();
        assertThat(agent.runtime().pid()).isPresent();
        assertThat(agent.runtime().status()).isEqualTo(Status.GREEN);
        assertThat(lab.manager.agency("epp").orElseThrow().status()).isEqualTo(Status.GREEN);
    }

    @Test
    void aHostThatJoinsTheClusterGetsItsServiceVm() {
        lab.deploy("epp", "c1");

        lab.compute.host("h4", "c1");
        lab.compute.move("h3", "c1");
        lab.settle();

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2", "epp@h3", "epp@h4");
        assertThat(lab.phase("epp", "h4")).isEqualTo(AgentPhase.READY);
    }

    @Test
    void aHostThatLeavesTheClusterLosesItsServiceVmAndAgent() {
        lab.deploy("epp", "c1");

        lab.compute.move("h2", "c2");
        lab.compute.remove("h1");
        lab.settle();

        assertThat(lab.running()).isEmpty();
        assertThat(lab.manager.agents("epp")).isEmpty();
        assertThat(lab.events).contains(new AgentRemoved("epp", "h1"), new AgentRemoved("epp", "h2"));
    }

    @Test
    void maintenanceModeRemovesTheServiceVmLastAndRedeploysItOnExit() {
        lab.deploy("epp", "c1");

        lab.compute.maintenance("h1", MaintenanceMode.ENTERING);
        lab.settle();
        assertThat(lab.running()).as("workloads are still leaving").contains("epp@h1");

        lab.compute.maintenance("h1", MaintenanceMode.ON);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h2");
        Agent inMaintenance = lab.agent("epp", "h1");
        assertThat(inMaintenance.runtime().phase()).isEqualTo(AgentPhase.HOST_UNAVAILABLE);
        assertThat(inMaintenance.issues()).extracting(Issue::type).containsExactly(IssueType.HOST_IN_MAINTENANCE_MODE);
        assertThat(inMaintenance.runtime().status()).as("informational issue").isEqualTo(Status.GREEN);

        lab.compute.maintenance("h1", MaintenanceMode.EXITING);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h2");

        lab.compute.maintenance("h1", MaintenanceMode.OFF);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.agent("epp", "h1").issues()).isEmpty();
        assertThat(lab.phase("epp", "h1")).isEqualTo(AgentPhase.READY);
    }

    @Test
    void aDisconnectedHostIsReportedUnreachableAndRedeployedWhenItReconnects() {
        lab.deploy("epp", "c1");

        lab.compute.connection("h2", ConnectionState.DISCONNECTED);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h1");
        assertThat(lab.issueTypes("epp", "h2")).containsExactly(IssueType.MANAGED_HOST_NOT_REACHABLE);
        assertThat(lab.phase("epp", "h2")).isEqualTo(AgentPhase.HOST_UNAVAILABLE);

        lab.compute.connection("h2", ConnectionState.CONNECTED);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.issueTypes("epp", "h2")).isEmpty();
    }

    @Test
    void goalStateDisabledPowersServiceVmsOffAndEnabledStartsThemAgain() {
        lab.deploy("epp", "c1");

        lab.manager.setGoalState("epp", GoalState.DISABLED);
        lab.settle();
        assertThat(lab.running()).isEmpty();
        assertThat(lab.phase("epp", "h1")).isEqualTo(AgentPhase.POWERED_OFF);
        assertThat(lab.agent("epp", "h1").runtime().status()).isEqualTo(Status.GREEN);

        lab.manager.setGoalState("epp", GoalState.ENABLED);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void goalStateUninstalledRemovesEveryAgentButKeepsTheAgency() {
        lab.deploy("epp", "c1");

        lab.manager.setGoalState("epp", GoalState.UNINSTALLED);
        lab.settle();

        assertThat(lab.running()).isEmpty();
        assertThat(lab.manager.agents("epp")).isEmpty();
        assertThat(lab.manager.agency("epp")).isPresent();
    }

    @Test
    void destroyingAnAgencyRemovesItsServiceVmsThenTheAgency() {
        lab.deploy("epp", "c1");

        lab.manager.destroyAgency("epp");
        assertThat(lab.manager.agency("epp").orElseThrow().removing()).isTrue();
        lab.settle();

        assertThat(lab.running()).isEmpty();
        assertThat(lab.manager.agency("epp")).isEmpty();
        assertThat(lab.events).last().isEqualTo(new AgencyRemoved("epp"));
        lab.deploy("epp", "c1");
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void agenciesOnTheSameClusterEachGetTheirOwnServiceVm() {
        lab.deploy("epp", "c1");
        lab.deploy("ids", "c1");
        lab.deploy("other", "c2");

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2", "ids@h1", "ids@h2", "other@h3");
    }

    @Test
    void movingTheAgencyToAnotherClusterMovesItsServiceVms() {
        lab.deploy("epp", "c1");

        lab.manager.updateAgency("epp", AgencyConfig.of("EPP epp", "c2", AgentLab.PACKAGE));
        lab.settle();

        assertThat(lab.running()).containsExactly("epp@h3");
    }

    @Test
    void listenersHearEveryAgentChange() {
        lab.deploy("epp", "c1");

        assertThat(lab.events).filteredOn(AgentUpdated.class::isInstance).map(e -> ((AgentUpdated) e).agent())
                .filteredOn(agent -> agent.runtime().ready()).extracting(Agent::hostId).containsExactlyInAnyOrder("h1", "h2");
        assertThat(lab.events.get(lab.events.size() - 1)).isInstanceOf(AgentUpdated.class);
    }

    @Test
    void refusesABadOrTakenAgencyIdAndUnknownAgencies() {
        lab.deploy("epp", "c1");
        AgencyConfig config = AgencyConfig.of("x", "c1", AgentLab.PACKAGE);

        assertThatThrownBy(() -> lab.manager.createAgency("epp", config, GoalState.ENABLED))
                .isInstanceOf(AgencyExistsException.class).hasMessageContaining("'epp' already exists");
        assertThatThrownBy(() -> lab.manager.createAgency("bad@id", config, GoalState.ENABLED))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> lab.manager.agents("nope")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> lab.manager.setGoalState("nope", GoalState.DISABLED)).isInstanceOf(UnknownObjectException.class);
        assertThatThrownBy(() -> AgencyConfig.of("", "", AgentLab.PACKAGE)).isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("agency_name").hasMessageContaining("cluster_id");
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void aClosedAgentManagerStopsItsServiceVmsAndRefusesRequests() {
        lab.deploy("epp", "c1");

        lab.manager.close();

        assertThat(lab.running()).isEmpty();
        assertThatThrownBy(() -> lab.manager.createAgency("x", AgencyConfig.of("x", "c1", AgentLab.PACKAGE), GoalState.ENABLED))
                .isInstanceOf(IllegalStateException.class);
        assertThat(lab.runtime.violations()).isEmpty();
    }
}

package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agencies survive restarts; service VMs left by a crashed agent manager are stopped and redeployed. */
class AgencyPersistenceTest {
    @TempDir
    Path dir;

    private AgentLab lab;

    @AfterEach
    void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void afterACrashTheAgenciesAreBackAndEachHostHasExactlyOneServiceVm() {
        lab = new AgentLab(dir).twoClusters().open();
        lab.deploy("epp", "c1");
        lab.manager.createAgency("off", AgencyConfig.of("Off", "c2", AgentLab.PACKAGE), GoalState.DISABLED);
        lab.settle();
        int starts = lab.runtime.starts();

        lab.restart();

        assertThat(lab.manager.agencies()).extracting(Agency::id, Agency::goalState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("epp", GoalState.ENABLED),
                        org.assertj.core.groups.Tuple.tuple("off", GoalState.DISABLED));
        assertThat(lab.manager.agency("epp").orElseThrow().config()).isEqualTo(AgencyConfig.of("EPP epp", "c1", AgentLab.PACKAGE));
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.runtime.starts()).as("stale ones stopped, then redeployed").isEqualTo(starts + 2);
        assertThat(lab.runtime.violations()).isEmpty();
    }

    @Test
    void aCleanCloseStopsServiceVmsAndTheNextOpenRedeploysThem() {
        lab = new AgentLab(dir).twoClusters().open();
        lab.deploy("epp", "c1");
        lab.manager.close();
        assertThat(lab.running()).isEmpty();

        lab.open();

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void anAgencyBeingRemovedWhenTheAgentManagerCrashedIsRemovedAfterTheRestart() {
        lab = new AgentLab(dir).twoClusters().open();
        lab.deploy("epp", "c1");
        lab.manager.destroyAgency("epp");

        lab.restart();

        assertThat(lab.manager.agencies()).isEmpty();
        assertThat(lab.running()).isEmpty();
    }

    @Test
    void recordedPerHostPropertiesRedeployAfterARestartAndANewHostWaitsForTheConfiguration() {
        lab = new AgentLab(dir).twoClusters().open();
        var config = AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE).withHostProperties(HostProperties.of(h -> Map.of("token", "t-" + h.id())));
        lab.deploy("epp", config);

        lab.restart();
        lab.compute.host("h4", "c1");
        lab.settle();

        assertThat(lab.runtime.launch("epp@h1").orElseThrow().environment()).containsEntry("token", "t-h1");
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.agent("epp", "h4").issues()).singleElement()
                .satisfies(issue -> assertThat(issue.description()).contains("updateAgency"));
        int starts = lab.runtime.starts();

        lab.manager.updateAgency("epp", config);
        lab.settle();

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2", "epp@h4");
        assertThat(lab.runtime.starts()).as("only h4 deployed, the others unchanged").isEqualTo(starts + 1);
    }

    @Test
    void issueKeysAreNotReusedAfterARestart() {
        lab = new AgentLab(dir).twoClusters().open();
        lab.packages.breakPackage(AgentLab.PACKAGE.url(), PackageException.Kind.UNREACHABLE);
        lab.deploy("epp", "c1");
        int highest = lab.manager.issues("epp").stream().mapToInt(Issue::key).max().orElseThrow();

        lab.restart();

        assertThat(lab.manager.issues("epp")).isNotEmpty().allSatisfy(issue -> assertThat(issue.key()).isGreaterThan(highest));
    }

    @Test
    void theFileIsSnakeCaseJsonAndACorruptFileOrASecondAgentManagerIsRefused() throws IOException {
        lab = new AgentLab(dir).twoClusters().open();
        lab.deploy("epp", "c1");
        String json = Files.readString(dir.resolve("agent-manager.json"));
        assertThat(json).contains("\"format\" : \"interpose-agent-manager\"", "\"cluster_id\" : \"c1\"", "\"memory_mib\" : 256",
                "\"goal_state\" : \"ENABLED\"");
        assertThatThrownBy(() -> LabAgentManager.open(dir, lab.compute, lab.runtime, lab.settings()))
                .isInstanceOf(AgentStorageException.class).hasMessageContaining("in use");
        lab.manager.close();

        Files.writeString(dir.resolve("agent-manager.json"), json.substring(0, json.length() / 2));

        assertThatThrownBy(() -> LabAgentManager.open(dir, lab.compute, lab.runtime, lab.settings()))
                .isInstanceOf(AgentStorageException.class).hasMessageContaining("agent-manager.json").hasMessageContaining("corrupt");
        assertThat(Files.readString(dir.resolve("agent-manager.json"))).hasSize(json.length() / 2);
        assertThat(List.of(dir.toFile().list())).doesNotContain("agent-manager.json.tmp");
        lab = null;
    }
}

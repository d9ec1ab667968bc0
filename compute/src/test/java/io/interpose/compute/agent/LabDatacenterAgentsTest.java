package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.lab.LabDatacenter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent manager following the real lab datacenter, whose events arrive on its own thread. */
class LabDatacenterAgentsTest {
    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
    private final SimulatedSvmRuntime runtime = new SimulatedSvmRuntime();
    private LabDatacenter lab;
    private LabAgentManager agents;

    @AfterEach
    void close() {
        agents.close();
        lab.close();
        executor.shutdownNow();
    }

    @Test
    void followsHostsJoiningAndLeavingTheLabCluster() {
        lab = LabDatacenter.open(dir.resolve("lab"));
        lab.addCluster("c1", "Cluster");
        lab.addCluster("c2", "Other");
        lab.addHost("h1", "esx-1", "c1");
        agents = LabAgentManager.open(dir.resolve("agents"), lab, runtime,
                AgentManagerSettings.defaults(executor).withPackages(new FakePackages()));
        agents.createAgency("epp", AgencyConfig.of("EPP", "c1", AgentLab.PACKAGE), GoalState.ENABLED);

        lab.addHost("h2", "esx-2", "c1");
        lab.addHost("h3", "esx-3", "c2");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.running().size() == 2);
        assertThat(runtime.running()).containsExactly("epp@h1", "epp@h2");

        lab.moveHost("h1", "c2");
        lab.moveHost("h3", "c1");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.running().equals(List.of("epp@h2", "epp@h3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> agents.agents("epp").stream().allMatch(a -> a.runtime().ready()));
        assertThat(agents.agents("epp")).extracting(Agent::hostId).containsExactly("h2", "h3");
        assertThat(runtime.violations()).isEmpty();
    }
}

package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.model.inventory.Host.MaintenanceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host start order: workloads wait for the host's service VMs to be ready. */
class HostPowerOnGateTest {
    @TempDir
    Path dir;

    private AgentLab lab;

    @BeforeEach
    void openLab() {
        lab = new AgentLab(dir).twoClusters().open();
        lab.runtime.holdReadiness(true);
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    @Test
    void aHostNoEnabledAgencyCoversIsReady() throws InterruptedException {
        lab.deploy("epp", "c1");
        lab.deploy("off", "c2");
        lab.manager.setGoalState("off", GoalState.DISABLED);
        lab.settle();

        assertThat(lab.manager.awaitReady("h3", Duration.ZERO)).isTrue();
        assertThat(lab.manager.awaitReady("unknown-host", Duration.ZERO)).isTrue();
    }

    @Test
    void aCoveredHostIsReadyOnlyWhenEveryAgencysServiceVmThereIsReady() throws InterruptedException {
        lab.deploy("epp", "c1");
        lab.deploy("ids", "c1");

        assertThat(lab.manager.awaitReady("h1", Duration.ZERO)).isFalse();
        lab.runtime.markReady("epp@h1");
        assertThat(lab.manager.ready("h1")).isFalse();
        lab.runtime.markReady("ids@h1");

        assertThat(lab.manager.ready("h1")).isTrue();
        assertThat(lab.manager.ready("h2")).isFalse();
    }

    @Test
    void awaitReadyWakesUpWhenTheServiceVmReportsReady() throws Exception {
        lab.deploy("epp", "c1");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> await("h1", Duration.ofMinutes(1)));

        assertThat(notYet(waiting)).isTrue();
        lab.runtime.markReady("epp@h1");

        assertThat(waiting.get(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void awaitReadyGivesUpAfterItsTimeout() throws InterruptedException {
        lab.deploy("epp", "c1");

        assertThat(lab.manager.awaitReady("h1", Duration.ofMillis(20))).isFalse();
    }

    @Test
    void aHostLeavingMaintenanceModeWaitsForItsRedeployedServiceVm() throws InterruptedException {
        lab.deploy("epp", "c1");
        lab.runtime.markReady("epp@h1");
        lab.compute.maintenance("h1", MaintenanceMode.ON);
        lab.settle();

        lab.compute.maintenance("h1", MaintenanceMode.OFF);
        assertThat(lab.manager.ready("h1")).as("before the agent manager acted").isFalse();
        lab.settle();
        assertThat(lab.manager.ready("h1")).as("redeployed, not ready yet").isFalse();
        lab.runtime.markReady("epp@h1");

        assertThat(lab.manager.awaitReady("h1", Duration.ZERO)).isTrue();
    }

    private boolean await(String hostId, Duration timeout) {
        try {
            return lab.manager.awaitReady(hostId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean notYet(CompletableFuture<Boolean> future) throws InterruptedException, ExecutionException {
        try {
            future.get(50, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            return true;
        }
    }
}

package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.PackageException.Kind;
import io.interpose.model.inventory.Host.MaintenanceMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, failed deployments, issues, resolve, and the requests that are always refused. */
class AgentRemediationTest {
    private static final String URL = AgentLab.PACKAGE.url();

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
    void aCrashedServiceVmIsRestartedWithExponentialBackoffAndItsIssueClearedWhenReady() {
        lab.deploy("epp", "c1");

        lab.runtime.crash("epp@h1");
        lab.settle();
        Agent crashed = lab.agent("epp", "h1");
        assertThat(crashed.runtime().phase()).isEqualTo(AgentPhase.RESTARTING);
        assertThat(crashed.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.type()).isEqualTo(IssueType.VM_POWERED_OFF);
            assertThat(issue.description()).contains("epp@h1", "exited with code 137", "restart 1");
        });
        assertThat(crashed.runtime().status()).isEqualTo(Status.RED);

        for (long seconds : new long[] {1, 2, 4, 8, 16, 16}) {
            lab.advance(Duration.ofSeconds(seconds).minusMillis(1));
            assertThat(lab.running()).as("before %d s", seconds).containsExactly("epp@h2");
            lab.advance(Duration.ofMillis(1));
            assertThat(lab.running()).as("after %d s", seconds).containsExactly("epp@h1", "epp@h2");
            assertThat(lab.agent("epp", "h1").issues()).isEmpty();
            lab.runtime.crash("epp@h1");
            lab.settle();
        }
        assertThat(lab.runtime.violations()).isEmpty();
    }

    @Test
    void theBackoffStartsOverOnceAServiceVmStayedReadyLongEnough() {
        lab.deploy("epp", "c1");
        lab.runtime.crash("epp@h1");
        lab.advance(Duration.ofSeconds(1));
        lab.runtime.crash("epp@h1");
        lab.advance(Duration.ofSeconds(2));

        lab.advance(AgentLab.BACKOFF.resetAfter());
        lab.runtime.crash("epp@h1");
        lab.advance(Duration.ofSeconds(1));

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }

    @Test
    void anUnreachablePackageIsAnIssueRetriedWithBackoffAndAtOnceWhenResolved() {
        lab.packages.breakPackage(URL, Kind.UNREACHABLE);
        lab.deploy("epp", "c1");

        assertThat(lab.running()).isEmpty();
        Agent agent = lab.agent("epp", "h1");
        assertThat(agent.runtime().phase()).isEqualTo(AgentPhase.NOT_DEPLOYED);
        assertThat(agent.runtime().status()).isEqualTo(Status.RED);
        assertThat(agent.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.type()).isEqualTo(IssueType.CANNOT_ACCESS_AGENT_OVF);
            assertThat(issue.type().eamName()).isEqualTo("CannotAccessAgentOVF");
            assertThat(issue.description()).contains(URL);
        });
        int loads = lab.packages.loads();
        lab.advance(Duration.ofSeconds(1));
        assertThat(lab.packages.loads()).as("retried after the backoff").isGreaterThan(loads);

        lab.packages.repair(URL);
        List<Integer> resolved = lab.manager.resolveAll("epp");
        lab.settle();

        assertThat(resolved).hasSize(2);
        assertThat(lab.running()).as("resolve retries at once").containsExactly("epp@h1", "epp@h2");
        assertThat(lab.manager.issues("epp")).isEmpty();
    }

    @Test
    void anInvalidPackageIsAnOvfInvalidFormatIssueAndIsRetriedPeriodically() {
        lab.packages.breakPackage(URL, Kind.INVALID);
        lab.deploy("epp", "c1");
        assertThat(lab.issueTypes("epp", "h1")).containsExactly(IssueType.OVF_INVALID_FORMAT);

        lab.packages.repair(URL);
        lab.advance(AgentLab.BACKOFF.max());

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.manager.issues("epp")).isEmpty();
    }

    @Test
    void aServiceVmThatCannotStartIsNotDeployedAndRetried() {
        lab.runtime.failNextStarts(1);
        lab.deploy("epp", "c1");

        assertThat(lab.running()).containsExactly("epp@h2");
        assertThat(lab.issueTypes("epp", "h1")).containsExactly(IssueType.VM_NOT_DEPLOYED);
        lab.advance(Duration.ofSeconds(1));

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
        assertThat(lab.issueTypes("epp", "h1")).isEmpty();
    }

    @Test
    void resolveReturnsTheKeysItKnewAndARemainingConditionIsFiledAgainUnderANewKey() {
        lab.packages.breakPackage(URL, Kind.UNREACHABLE);
        lab.deploy("epp", "c1");
        Issue issue = lab.agent("epp", "h1").issues().get(0);

        List<Integer> resolved = lab.manager.resolve("epp", List.of(issue.key(), 999_999));
        lab.settle();

        assertThat(resolved).containsExactly(issue.key());
        Issue again = lab.agent("epp", "h1").issues().get(0);
        assertThat(again.type()).isEqualTo(IssueType.CANNOT_ACCESS_AGENT_OVF);
        assertThat(again.key()).isNotEqualTo(issue.key());
    }

    @Test
    void aServiceVmThatWillNotStopIsReportedAndNeverJoinedByASecondOne() {
        lab.deploy("epp", "c1");
        lab.runtime.refuseStop("epp@h1", true);

        lab.compute.maintenance("h1", MaintenanceMode.ON);
        lab.settle();
        assertThat(lab.issueTypes("epp", "h1")).contains(IssueType.VM_DEPLOYED, IssueType.HOST_IN_MAINTENANCE_MODE);
        lab.compute.maintenance("h1", MaintenanceMode.OFF);
        lab.settle();
        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");

        lab.compute.move("h1", "c2");
        lab.settle();
        assertThat(lab.issueTypes("epp", "h1")).containsExactly(IssueType.VM_ORPHANED);

        lab.runtime.refuseStop("epp@h1", false);
        lab.advance(AgentLab.BACKOFF.max());
        assertThat(lab.manager.agent("epp", "h1")).isEmpty();
        assertThat(lab.running()).containsExactly("epp@h2");
        assertThat(lab.runtime.violations()).isEmpty();
    }

    @Test
    void poweringOffSuspendingOrMigratingAServiceVmIsRefused() {
        lab.deploy("epp", "c1");

        assertThatThrownBy(() -> lab.manager.powerOff("epp@h1")).isInstanceOfSatisfying(AgentOperationRefusedException.class, e -> {
            assertThat(e.svmId()).isEqualTo("epp@h1");
            assertThat(e.operation()).isEqualTo("power_off");
        }).hasMessageContaining("cannot be powered off").hasMessageContaining("goal state");
        assertThatThrownBy(() -> lab.manager.suspend("epp@h1")).isInstanceOf(AgentOperationRefusedException.class)
                .hasMessageContaining("cannot be suspended");
        assertThatThrownBy(() -> lab.manager.migrate("epp@h1", "h2")).isInstanceOf(AgentOperationRefusedException.class)
                .hasMessageContaining("cannot be migrated to host h2").hasMessageContaining("pinned");
        assertThatThrownBy(() -> lab.manager.powerOff("nope@h1")).isInstanceOf(UnknownObjectException.class);
        lab.settle();

        assertThat(lab.running()).containsExactly("epp@h1", "epp@h2");
    }
}

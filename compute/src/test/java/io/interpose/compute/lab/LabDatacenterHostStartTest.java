package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent;
import io.interpose.compute.InventoryEvent.HostUpserted;
import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.ConnectionState;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host connection state and the start order: a disconnected host's VMs are off and remembered; when
 * the host connects, its workloads wait for the power-on gate (the agent manager's "service VMs
 * ready"), asked on a thread of its own, and are powered on when it answers, ready or not.
 */
class LabDatacenterHostStartTest {
    private static final HostStartPolicy POLICY = new HostStartPolicy(Duration.ofSeconds(7));

    @TempDir
    Path dir;

    private LabDatacenter lab;
    private final ControllableGate gate = new ControllableGate();
    private String web;
    private String db;
    private String stopped;
    private String paused;

    @BeforeEach
    void openLabWithFourVmsOnH1() {
        lab = open();
        lab.addCluster("c1", "One");
        lab.addHost("h1", "esx-1", "c1");
        lab.addHost("h2", "esx-2", "c1");
        web = lab.addVm(VmSpec.of("web-01", "h1", "", "", List.of())).externalId();
        db = lab.addVm(VmSpec.of("db-01", "h1", "", "", List.of())).externalId();
        stopped = lab.addVm(new VmSpec("", "old-01", "h1", "", "", List.of(), PowerState.POWERED_OFF)).externalId();
        paused = lab.addVm(new VmSpec("", "batch-01", "h1", "", "", List.of(), PowerState.SUSPENDED)).externalId();
    }

    private LabDatacenter open() {
        LabDatacenter opened = LabDatacenter.open(dir, "start-test", () -> new Inventory(List.of(), List.of(), List.of()),
                List.of(), POLICY);
        opened.setPowerOnGate(gate);
        return opened;
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private PowerState power(String id) {
        return lab.vm(id).orElseThrow().powerState();
    }

    @Test
    void disconnectingAHostPowersItsRunningVmsOffAndRemembersThem() {
        var recorder = new RecordingListener();
        lab.watch(recorder);

        Host host = lab.disconnectHost("h1");

        assertThat(host.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(host.available()).isFalse();
        assertThat(List.of(power(web), power(db), power(stopped), power(paused)))
                .containsExactly(PowerState.POWERED_OFF, PowerState.POWERED_OFF, PowerState.POWERED_OFF, PowerState.SUSPENDED);
        assertThat(lab.waitingForHostStart("h1")).extracting(VirtualMachine::externalId).containsExactly(web, db);
        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(
                new HostUpserted(host), new VmUpserted(lab.vm(web).orElseThrow()), new VmUpserted(lab.vm(db).orElseThrow())));
    }

    @Test
    void disconnectingTwiceChangesNothingMore() {
        lab.disconnectHost("h1");
        var recorder = new RecordingListener();
        lab.watch(recorder);

        lab.disconnectHost("h1");
        var marker = lab.addCluster("marker", "Marker");

        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(new InventoryEvent.ClusterUpserted(marker)));
        assertThat(lab.waitingForHostStart("h1")).hasSize(2);
    }

    @Test
    void workloadsWaitForTheGateOnAnotherThreadThenPowerOn() {
        lab.disconnectHost("h1");
        var recorder = new RecordingListener();
        lab.watch(recorder);

        Host host = lab.connectHost("h1");

        assertThat(host.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        await().until(() -> gate.calls().size() == 1);
        ControllableGate.Call call = gate.calls().get(0);
        assertThat(call.hostId()).isEqualTo("h1");
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(call.thread()).startsWith("lab-datacenter-start-test-host-start-").isNotEqualTo(Thread.currentThread().getName());
        assertThat(power(web)).as("not before the gate opens").isEqualTo(PowerState.POWERED_OFF);
        assertThat(lab.addCluster("c2", "Two")).as("the lab is not locked while the gate waits").isNotNull();
        await().untilAsserted(() -> assertThat(recorder.events())
                .containsExactly(new HostUpserted(host), new InventoryEvent.ClusterUpserted(lab.cluster("c2").orElseThrow())));
        assertThat(power(web)).as("still not before the gate opens").isEqualTo(PowerState.POWERED_OFF);

        gate.ready("h1");

        await().untilAsserted(() -> assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_ON));
        assertThat(List.of(power(stopped), power(paused))).as("only what was running comes back")
                .containsExactly(PowerState.POWERED_OFF, PowerState.SUSPENDED);
        assertThat(lab.waitingForHostStart("h1")).isEmpty();
        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(new HostUpserted(host),
                new InventoryEvent.ClusterUpserted(lab.cluster("c2").orElseThrow()),
                new VmUpserted(lab.vm(web).orElseThrow()), new VmUpserted(lab.vm(db).orElseThrow())));
    }

    @Test
    void workloadsPowerOnAnywayWhenTheServiceVmsAreNotReadyInTime() {
        lab.disconnectHost("h1");
        lab.connectHost("h1");

        gate.notReady("h1");

        await().untilAsserted(() -> assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_ON));
    }

    @Test
    void workloadsPowerOnAnywayWhenTheGateFails() {
        lab.disconnectHost("h1");
        lab.connectHost("h1");

        gate.fail("h1");

        await().untilAsserted(() -> assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_ON));
    }

    @Test
    void aVmPoweredOffOrMigratedByHandWhileTheGateWaitsStaysAsTheAdminLeftIt() {
        String app = lab.addVm(VmSpec.of("app-01", "h1", "", "", List.of())).externalId();
        lab.disconnectHost("h1");
        lab.connectHost("h1");
        await().until(() -> gate.calls().size() == 1);

        lab.powerOffVm(web);
        lab.migrateVm(db, "h2");
        gate.ready("h1");

        await().untilAsserted(() -> assertThat(power(app)).as("the start happened (one atomic change)").isEqualTo(PowerState.POWERED_ON));
        assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_OFF);
        assertThat(lab.vm(db).orElseThrow().hostId()).isEqualTo("h2");
        assertThat(lab.waitingForHostStart("h1")).isEmpty();
    }

    @Test
    void aHostThatGoesAwayAgainBeforeTheGateOpensKeepsItsWorkloadsOffUntilItIsBack() {
        lab.disconnectHost("h1");
        lab.connectHost("h1");
        await().until(() -> gate.calls().size() == 1);
        var recorder = new RecordingListener();
        lab.watch(recorder);
        Host away = lab.disconnectHost("h1");

        gate.ready("h1");
        Host back = lab.connectHost("h1");

        await().untilAsserted(() -> assertThat(recorder.events()).as("nothing powers on while the host is away").containsExactly(
                new HostUpserted(away), new HostUpserted(back),
                new VmUpserted(lab.vm(web).orElseThrow()), new VmUpserted(lab.vm(db).orElseThrow())));
        assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_ON);
    }

    @Test
    void aHostWithNothingToPowerOnDoesNotAskTheGate() {
        lab.powerOffVm(web);
        lab.powerOffVm(db);
        lab.disconnectHost("h1");

        lab.connectHost("h1");
        lab.connectHost("h2");

        assertThat(lab.host("h1").orElseThrow().available()).isTrue();
        assertThat(gate.calls()).isEmpty();
    }

    @Test
    void rememberedWorkloadsSurviveARestartAndStartWithTheNextConnect() {
        lab.disconnectHost("h1");
        lab.connectHost("h1");
        await().until(() -> gate.calls().size() == 1);
        lab.close();
        assertThat(lab.vm(web)).as("closed lab still answers reads").isPresent();

        lab = open();
        assertThat(lab.host("h1").orElseThrow().connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(lab.waitingForHostStart("h1")).extracting(VirtualMachine::externalId).containsExactly(web, db);
        assertThat(power(web)).isEqualTo(PowerState.POWERED_OFF);

        lab.connectHost("h1");
        gate.ready("h1");

        await().untilAsserted(() -> assertThat(List.of(power(web), power(db))).containsOnly(PowerState.POWERED_ON));
    }

    @Test
    void aDisconnectedHostStaysDisconnectedAcrossARestart() {
        lab.disconnectHost("h1");
        lab.close();

        lab = open();

        assertThat(lab.host("h1").orElseThrow().connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThatThrownBy(() -> lab.powerOnVm(web)).isInstanceOf(ConflictException.class);
    }

    @Test
    void vmsCannotMigrateToOrOffADisconnectedHost() {
        lab.disconnectHost("h2");

        assertThatThrownBy(() -> lab.migrateVm(web, "h2")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h2' is disconnected").hasMessageContaining("migrate VM '" + web + "'");
        lab.connectHost("h2");
        lab.disconnectHost("h1");
        assertThatThrownBy(() -> lab.migrateVm(stopped, "h2")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h1' is disconnected");
        assertThat(lab.vm(stopped).orElseThrow().hostId()).isEqualTo("h1");
    }

    @Test
    void aHostKeepsItsStateWhenItMovesToAnotherCluster() {
        lab.disconnectHost("h2");
        lab.addCluster("c2", "Two");

        Host moved = lab.moveHost("h2", "c2");

        assertThat(moved.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(moved.clusterId()).isEqualTo("c2");
    }

    @Test
    void aTimeoutOutsideZeroToAnHourIsRefused() {
        assertThatThrownBy(() -> new HostStartPolicy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gate_timeout");
        assertThatThrownBy(() -> new HostStartPolicy(Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostStartPolicy(null)).isInstanceOf(NullPointerException.class);
        assertThat(HostStartPolicy.DEFAULT.gateTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void closingTheLabInterruptsAWaitingGate() {
        lab.disconnectHost("h1");
        lab.connectHost("h1");
        await().until(() -> gate.calls().size() == 1);

        lab.close();

        assertThat(gate.interrupted()).containsExactly("h1");
        assertThat(power(web)).isEqualTo(PowerState.POWERED_OFF);
        await().untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("lab-datacenter-start-test-host-start-")));
    }
}

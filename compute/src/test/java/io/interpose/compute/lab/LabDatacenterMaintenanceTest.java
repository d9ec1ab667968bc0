package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.Inventory;
import io.interpose.compute.InventoryEvent.ClusterUpserted;
import io.interpose.compute.InventoryEvent.HostUpserted;
import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.Host.MaintenanceMode;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance mode: workloads leave first (migrated round-robin inside the cluster, or powered off when
 * there is nowhere to go), then the host is ON, so that the agent manager, which stops the service VM
 * on ON, stops it last; on exit the host is OFF and only the workloads that were powered off return,
 * after the gate.
 */
class LabDatacenterMaintenanceTest {
    @TempDir
    Path dir;

    private LabDatacenter lab;
    private final ControllableGate gate = new ControllableGate();

    @BeforeEach
    void openLabWithThreeHostsInACluster() {
        lab = open();
        lab.addCluster("c1", "One");
        lab.addHost("h1", "esx-1", "c1");
        lab.addHost("h2", "esx-2", "c1");
        lab.addHost("h3", "esx-3", "c1");
    }

    private LabDatacenter open() {
        LabDatacenter opened = LabDatacenter.open(dir, "maintenance-test", () -> new Inventory(List.of(), List.of(), List.of()),
                List.of(), HostStartPolicy.DEFAULT);
        opened.setPowerOnGate(gate);
        return opened;
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private String vm(String name, String host, PowerState power) {
        return lab.addVm(new VmSpec("", name, host, "", "", List.of(), power)).externalId();
    }

    private VirtualMachine current(String id) {
        return lab.vm(id).orElseThrow();
    }

    @Test
    void runningWorkloadsLeaveRoundRobinBeforeTheHostIsOn() {
        List<String> running = List.of(vm("a", "h1", PowerState.POWERED_ON), vm("b", "h1", PowerState.POWERED_ON),
                vm("c", "h1", PowerState.POWERED_ON));
        var recorder = new RecordingListener();
        lab.watch(recorder);

        Host host = lab.enterMaintenance("h1");

        assertThat(host.maintenanceMode()).isEqualTo(MaintenanceMode.ON);
        assertThat(running).extracting(id -> current(id).hostId()).containsExactly("h2", "h3", "h2");
        assertThat(running).extracting(id -> current(id).powerState()).containsOnly(PowerState.POWERED_ON);
        Host entering = host.withMaintenanceMode(MaintenanceMode.ENTERING);
        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(new HostUpserted(entering),
                new VmUpserted(current(running.get(0))), new VmUpserted(current(running.get(1))),
                new VmUpserted(current(running.get(2))), new HostUpserted(host)));
    }

    @Test
    void stoppedAndSuspendedVmsStayOnTheHost() {
        String off = vm("off", "h1", PowerState.POWERED_OFF);
        String paused = vm("paused", "h1", PowerState.SUSPENDED);

        lab.enterMaintenance("h1");

        assertThat(List.of(current(off), current(paused))).extracting(VirtualMachine::hostId).containsOnly("h1");
        assertThat(current(paused).powerState()).isEqualTo(PowerState.SUSPENDED);
    }

    @Test
    void onlyAvailableHostsOfTheSameClusterReceiveWorkloads() {
        lab.addCluster("c2", "Two");
        lab.addHost("h4", "esx-4", "c2");
        lab.enterMaintenance("h2");
        String a = vm("a", "h1", PowerState.POWERED_ON);
        String b = vm("b", "h1", PowerState.POWERED_ON);

        lab.enterMaintenance("h1");

        assertThat(List.of(current(a), current(b))).extracting(VirtualMachine::hostId).containsOnly("h3");
    }

    @Test
    void withNowhereToGoWorkloadsArePoweredOffAndReturnAfterTheGateWhenTheHostExits() {
        lab.enterMaintenance("h2");
        lab.disconnectHost("h3");
        String a = vm("a", "h1", PowerState.POWERED_ON);
        String off = vm("off", "h1", PowerState.POWERED_OFF);

        lab.enterMaintenance("h1");
        assertThat(current(a).powerState()).isEqualTo(PowerState.POWERED_OFF);
        assertThat(current(a).hostId()).isEqualTo("h1");
        assertThat(lab.waitingForHostStart("h1")).extracting(VirtualMachine::externalId).containsExactly(a);

        var recorder = new RecordingListener();
        lab.watch(recorder);
        Host out = lab.exitMaintenance("h1");

        assertThat(out.maintenanceMode()).isEqualTo(MaintenanceMode.OFF);
        await().until(() -> gate.calls().size() == 1);
        assertThat(current(a).powerState()).as("waits for the gate").isEqualTo(PowerState.POWERED_OFF);
        gate.ready("h1");
        await().untilAsserted(() -> assertThat(current(a).powerState()).isEqualTo(PowerState.POWERED_ON));
        assertThat(current(off).powerState()).isEqualTo(PowerState.POWERED_OFF);
        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(
                new HostUpserted(out.withMaintenanceMode(MaintenanceMode.EXITING)), new HostUpserted(out), new VmUpserted(current(a))));
    }

    @Test
    void aStandaloneHostPowersItsWorkloadsOff() {
        lab.addHost("solo", "esx-solo", "");
        String a = vm("a", "solo", PowerState.POWERED_ON);

        lab.enterMaintenance("solo");

        assertThat(current(a).powerState()).isEqualTo(PowerState.POWERED_OFF);
        assertThat(current(a).hostId()).isEqualTo("solo");
    }

    @Test
    void workloadsMigratedAwayStayWhereTheyAreAfterExit() {
        String a = vm("a", "h1", PowerState.POWERED_ON);
        lab.enterMaintenance("h1");

        lab.exitMaintenance("h1");

        assertThat(current(a).hostId()).isEqualTo("h2");
        assertThat(gate.calls()).as("nothing waits for h1").isEmpty();
    }

    @Test
    void enteringOrExitingTwiceIsSilent() {
        lab.enterMaintenance("h1");
        var recorder = new RecordingListener();
        lab.watch(recorder);

        lab.enterMaintenance("h1");
        Host out = lab.exitMaintenance("h1");
        lab.exitMaintenance("h1");
        var marker = lab.addCluster("marker", "Marker");

        await().untilAsserted(() -> assertThat(recorder.events()).containsExactly(
                new HostUpserted(out.withMaintenanceMode(MaintenanceMode.EXITING)), new HostUpserted(out),
                new ClusterUpserted(marker)));
    }

    @Test
    void aHostInMaintenanceTakesNoWorkload() {
        String a = vm("a", "h2", PowerState.POWERED_ON);
        String off = vm("off", "h1", PowerState.POWERED_OFF);
        lab.enterMaintenance("h1");

        assertThatThrownBy(() -> lab.migrateVm(a, "h1")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h1' is in maintenance mode (ON)").hasMessageContaining("migrate VM '" + a + "'");
        assertThatThrownBy(() -> lab.powerOnVm(off)).isInstanceOf(ConflictException.class).hasMessageContaining("maintenance");
        assertThat(lab.migrateVm(off, "h2").hostId()).as("a stopped VM may leave").isEqualTo("h2");
    }

    @Test
    void aDisconnectedHostCannotEnterOrExitMaintenance() {
        lab.disconnectHost("h1");

        assertThatThrownBy(() -> lab.enterMaintenance("h1")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h1' is disconnected").hasMessageContaining("maintenance mode");
        lab.connectHost("h1");
        lab.enterMaintenance("h1");
        lab.disconnectHost("h1");
        assertThatThrownBy(() -> lab.exitMaintenance("h1")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("disconnected");
        assertThat(lab.host("h1").orElseThrow().maintenanceMode()).isEqualTo(MaintenanceMode.ON);
    }

    @Test
    void aHostThatConnectsInMaintenanceStartsItsWorkloadsOnlyWhenItExits() {
        lab.addHost("solo", "esx-solo", "");
        String a = vm("a", "solo", PowerState.POWERED_ON);
        lab.disconnectHost("solo");
        lab.connectHost("solo");
        await().until(() -> gate.calls().size() == 1);
        lab.enterMaintenance("solo");
        gate.ready("solo");
        lab.exitMaintenance("solo");

        await().untilAsserted(() -> assertThat(current(a).powerState()).isEqualTo(PowerState.POWERED_ON));
        assertThat(gate.calls()).extracting(ControllableGate.Call::hostId).containsExactly("solo", "solo");
    }

    @Test
    void unknownHostsAreNamed() {
        assertThatThrownBy(() -> lab.enterMaintenance("h9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThatThrownBy(() -> lab.exitMaintenance("h9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThatThrownBy(() -> lab.connectHost("h9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
        assertThatThrownBy(() -> lab.disconnectHost("h9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'h9'");
    }

    @Test
    void maintenanceModeAndWaitingWorkloadsSurviveAReopen() {
        lab.addHost("solo", "esx-solo", "");
        String a = vm("a", "solo", PowerState.POWERED_ON);
        lab.enterMaintenance("solo");
        lab.close();

        lab = open();

        assertThat(lab.host("solo").orElseThrow().maintenanceMode()).isEqualTo(MaintenanceMode.ON);
        lab.exitMaintenance("solo");
        gate.ready("solo");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(current(a).powerState()).isEqualTo(PowerState.POWERED_ON));
    }

    @Test
    void removingAHostForgetsItsWaitingWorkloads() throws IOException {
        lab.addHost("solo", "esx-solo", "");
        String a = vm("a", "solo", PowerState.POWERED_ON);
        lab.disconnectHost("solo");
        assertThat(Files.readString(lab.file())).contains("\"resume_on_host_start\":[\n    \"" + a + "\"");

        lab.removeHost("solo", true);

        assertThat(lab.vm(a)).isEmpty();
        assertThat(Files.readString(lab.file())).doesNotContain(a);
    }
}

package io.interpose.compute.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.InventoryEvent.VmUpserted;
import io.interpose.compute.UnknownObjectException;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VM power states: on, off, suspended; the transitions allowed, their refusals, events and persistence. */
class LabDatacenterPowerTest {
    @TempDir
    Path dir;

    private LabDatacenter lab;
    private String vm;

    @BeforeEach
    void openLabWithOneRunningVm() {
        lab = LabDatacenter.open(dir);
        lab.addCluster("c1", "One");
        lab.addHost("h1", "esx-1", "c1");
        lab.addHost("h2", "esx-2", "c1");
        vm = lab.addVm(VmSpec.of("web-01", "h1", "", "", List.of())).externalId();
    }

    @AfterEach
    void closeLab() {
        lab.close();
    }

    private PowerState power() {
        return lab.vm(vm).orElseThrow().powerState();
    }

    @Test
    void aVmGoesOffOnSuspendedAndOnAgain() {
        assertThat(lab.powerOffVm(vm).powerState()).isEqualTo(PowerState.POWERED_OFF);
        assertThat(lab.powerOnVm(vm).powerState()).isEqualTo(PowerState.POWERED_ON);
        assertThat(lab.suspendVm(vm).powerState()).isEqualTo(PowerState.SUSPENDED);
        assertThat(lab.powerOnVm(vm).powerState()).as("resume").isEqualTo(PowerState.POWERED_ON);
        lab.suspendVm(vm);
        assertThat(lab.powerOffVm(vm).powerState()).as("a suspended VM can be powered off").isEqualTo(PowerState.POWERED_OFF);
        assertThat(power()).isEqualTo(PowerState.POWERED_OFF);
    }

    @Test
    void eachPowerChangeIsOneEventAndRepeatingItIsSilent() {
        var recorder = new RecordingListener();
        lab.watch(recorder);

        VirtualMachine off = lab.powerOffVm(vm);
        lab.powerOffVm(vm);
        VirtualMachine on = lab.powerOnVm(vm);
        lab.powerOnVm(vm);
        VirtualMachine suspended = lab.suspendVm(vm);
        lab.suspendVm(vm);

        await().untilAsserted(() -> assertThat(recorder.events())
                .containsExactly(new VmUpserted(off), new VmUpserted(on), new VmUpserted(suspended)));
    }

    @Test
    void onlyARunningVmCanBeSuspended() {
        lab.powerOffVm(vm);

        assertThatThrownBy(() -> lab.suspendVm(vm))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'" + vm + "'").hasMessageContaining("powered off");
        assertThat(power()).isEqualTo(PowerState.POWERED_OFF);
    }

    @Test
    void powerOperationsOnUnknownVmsNameThem() {
        assertThatThrownBy(() -> lab.powerOnVm("vm-9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
        assertThatThrownBy(() -> lab.powerOffVm("vm-9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
        assertThatThrownBy(() -> lab.suspendVm("vm-9")).isInstanceOf(UnknownObjectException.class).hasMessageContaining("'vm-9'");
    }

    @Test
    void aVmCannotBePoweredOnOnAHostInMaintenanceOrDisconnected() {
        lab.powerOffVm(vm);
        lab.enterMaintenance("h1");

        assertThatThrownBy(() -> lab.powerOnVm(vm)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h1' is in maintenance mode (ON)").hasMessageContaining("power on VM '" + vm + "'");
        lab.exitMaintenance("h1");
        lab.disconnectHost("h1");
        assertThatThrownBy(() -> lab.powerOnVm(vm)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("host 'h1' is disconnected").hasMessageContaining("connect the host first");
        assertThat(power()).isEqualTo(PowerState.POWERED_OFF);
    }

    @Test
    void aSuspendedVmOnADisconnectedHostCannotBePoweredOff() {
        lab.suspendVm(vm);
        lab.disconnectHost("h1");

        assertThatThrownBy(() -> lab.powerOffVm(vm)).isInstanceOf(ConflictException.class).hasMessageContaining("disconnected");
        assertThat(power()).isEqualTo(PowerState.SUSPENDED);
    }

    @Test
    void aSuspendedVmOnAHostInMaintenanceCanBePoweredOff() {
        lab.suspendVm(vm);
        lab.enterMaintenance("h1");

        assertThat(lab.powerOffVm(vm).powerState()).isEqualTo(PowerState.POWERED_OFF);
    }

    @Test
    void aRunningVmCannotBeAddedToAnUnavailableHostButAStoppedOneCan() {
        lab.enterMaintenance("h2");

        assertThatThrownBy(() -> lab.addVm(VmSpec.of("db-01", "h2", "", "", List.of())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'h2'").hasMessageContaining("powered off");
        var stopped = new VmSpec("db-01", "db-01", "h2", "", "", List.of(), PowerState.POWERED_OFF);
        assertThat(lab.addVm(stopped).hostId()).isEqualTo("h2");
    }

    @Test
    void powerStatesSurviveAReopen() {
        String other = lab.addVm(VmSpec.of("db-01", "h2", "", "", List.of())).externalId();
        lab.powerOffVm(vm);
        lab.suspendVm(other);
        lab.close();

        lab = LabDatacenter.open(dir);

        assertThat(power()).isEqualTo(PowerState.POWERED_OFF);
        assertThat(lab.vm(other).orElseThrow().powerState()).isEqualTo(PowerState.SUSPENDED);
    }
}

package io.interpose.manager.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.VmProtection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deltas between two host states, and which rules a change concerns. */
class HostStateTest {
    private static VmProtection vm(String id, String key, String rule) {
        VmProtection.Builder vm = VmProtection.newBuilder().setVmId(id).setVmName(id);
        if (key != null) {
            vm.addBindings(ServiceBinding.newBuilder().setServiceId("s").setProfileId("p").setVendorTemplateKey(key).addRulePaths(rule));
        }
        return vm.build();
    }

    private static HostState state(VmProtection... vms) {
        Map<String, VmProtection> byId = new java.util.HashMap<>();
        for (VmProtection vm : vms) {
            byId.put(vm.getVmId(), vm);
        }
        return new HostState(byId, Map.of(), Map.of());
    }

    @Test
    void equalStatesHaveNoDelta() {
        assertThat(state(vm("a", "GOLD", "/r1")).deltaFrom(state(vm("a", "GOLD", "/r1")), 3, 4)).isEmpty();
    }

    @Test
    void aDeltaCarriesUpsertsAndRemovalsFromItsBase() {
        HostState before = state(vm("a", "GOLD", "/r1"), vm("b", null, null));
        HostState after = state(vm("a", "SILVER", "/r2"), vm("c", null, null));
        DesiredStateDelta delta = after.deltaFrom(before, 3, 4).orElseThrow();
        assertThat(delta.getBaseGeneration()).isEqualTo(3);
        assertThat(delta.getGeneration()).isEqualTo(4);
        assertThat(delta.getUpsertVmsList()).extracting(VmProtection::getVmId).containsExactly("a", "c");
        assertThat(delta.getRemovedVmIdsList()).containsExactly("b");
        assertThat(after.rulesChangedFrom(before)).containsExactlyInAnyOrder("/r1", "/r2");
    }

    @Test
    void aRenamedVmChangesNoRule() {
        HostState before = state(vm("a", "GOLD", "/r1"));
        HostState after = state(vm("a", "GOLD", "/r1").toBuilder().setVmName("renamed").build());
        assertThat(after.deltaFrom(before, 1, 2)).isPresent();
        assertThat(after.rulesChangedFrom(before)).isEmpty();
    }
}

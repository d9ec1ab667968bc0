package io.interpose.host.ops;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.VmProtection;

/** Desired states for the tests. */
final class States {
    private States() {}

    static VmProtection vm(String id, String... services) {
        VmProtection.Builder vm = VmProtection.newBuilder().setVmId(id).setVmName("name-" + id);
        for (String service : services) {
            vm.addBindings(ServiceBinding.newBuilder().setServiceId(service).setProfileId("profile-" + service));
        }
        return vm.build();
    }

    static DesiredState snapshot(String hostId, long generation, VmProtection... vms) {
        return DesiredState.newBuilder().setHostId(hostId).setGeneration(generation).addAllVms(java.util.List.of(vms)).build();
    }

    static DesiredStateDelta.Builder delta(long base) {
        return DesiredStateDelta.newBuilder().setBaseGeneration(base).setGeneration(base + 1);
    }
}

package io.interpose.manager.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.api.Json;
import io.interpose.model.inventory.VirtualMachine;

/** The API shape of a VM (NSX's VirtualMachine: guest info nested, tags as scope/tag pairs). */
public final class VmRendering {
    private VmRendering() {}

    public static JsonNode render(VirtualMachine vm) {
        ObjectNode out = Json.object();
        out.put("external_id", vm.externalId()).put("display_name", vm.displayName())
                .put("resource_type", "VirtualMachine").put("type", "REGULAR")
                .put("host_id", vm.hostId() == null ? "" : vm.hostId()).put("power_state", powerState(vm.powerState()));
        out.putObject("guest_info").put("os_name", vm.osName()).put("computer_name", vm.computerName());
        out.set("tags", Json.tree(vm.tags()));
        return out;
    }

    private static String powerState(VirtualMachine.PowerState state) {
        return switch (state) {
            case POWERED_ON -> "VM_RUNNING";
            case POWERED_OFF -> "VM_STOPPED";
            case SUSPENDED -> "VM_SUSPENDED";
        };
    }
}

package io.interpose.model.policy;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import java.util.List;

/** VMs for tests. */
final class Vms {
    private Vms() {
    }

    static VirtualMachine vm(String name, Tag... tags) {
        return new VirtualMachine("id-" + name, name, "host-1", name + ".corp", "Ubuntu 22.04", List.of(tags), null);
    }

    static VirtualMachine vm(String name, String osName) {
        return new VirtualMachine("id-" + name, name, "host-1", name + ".corp", osName, List.of(), null);
    }
}

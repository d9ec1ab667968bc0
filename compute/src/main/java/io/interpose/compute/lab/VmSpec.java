package io.interpose.compute.lab;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an administrator gives to create a lab VM. An empty {@code externalId} asks the lab to
 * generate one (a random UUID); absent optional fields become empty, and {@code powerState} defaults
 * to {@code POWERED_ON}. The lab checks the rest (including null tags, kept here so
 * that they can be reported) when the VM is added.
 */
public record VmSpec(
        String externalId,
        String displayName,
        String hostId,
        String computerName,
        String osName,
        List<Tag> tags,
        PowerState powerState) {

    public VmSpec {
        externalId = externalId == null ? "" : externalId.strip();
        computerName = computerName == null ? "" : computerName;
        osName = osName == null ? "" : osName;
        tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
        powerState = powerState == null ? PowerState.POWERED_ON : powerState;
    }

    /** A powered-on VM whose external id the lab generates. */
    public static VmSpec of(String displayName, String hostId, String computerName, String osName, List<Tag> tags) {
        return new VmSpec("", displayName, hostId, computerName, osName, tags, PowerState.POWERED_ON);
    }

    public VmSpec withExternalId(String id) {
        return new VmSpec(id, displayName, hostId, computerName, osName, tags, powerState);
    }
}

package io.interpose.model.inventory;

import io.interpose.model.Tag;
import java.util.List;
import java.util.Objects;

/**
 * A workload VM as the compute manager reports it. {@code externalId} is the compute manager's stable
 * id (BIOS UUID style); {@code hostId} is where it runs now.
 */
public record VirtualMachine(
        String externalId,
        String displayName,
        String hostId,
        String computerName,
        String osName,
        List<Tag> tags,
        PowerState powerState) {

    public VirtualMachine {
        Objects.requireNonNull(externalId, "externalId");
        displayName = displayName == null ? externalId : displayName;
        computerName = computerName == null ? "" : computerName;
        osName = osName == null ? "" : osName;
        tags = tags == null ? List.of() : List.copyOf(tags);
        powerState = powerState == null ? PowerState.POWERED_ON : powerState;
    }

    public VirtualMachine withTags(List<Tag> newTags) {
        return new VirtualMachine(externalId, displayName, hostId, computerName, osName, newTags, powerState);
    }

    public VirtualMachine withHost(String newHostId) {
        return new VirtualMachine(externalId, displayName, newHostId, computerName, osName, tags, powerState);
    }

    public VirtualMachine withDisplayName(String name) {
        return new VirtualMachine(externalId, name, hostId, computerName, osName, tags, powerState);
    }

    public enum PowerState { POWERED_ON, POWERED_OFF, SUSPENDED }
}

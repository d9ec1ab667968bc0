package io.interpose.compute.ovf;

import java.util.List;
import java.util.OptionalLong;

/**
 * One {@code Item} (or OVF 2 {@code EthernetPortItem}/{@code StorageItem}) of a
 * {@code VirtualHardwareSection}, as written: {@code rasd:InstanceID}, {@code rasd:ResourceType}
 * (0 when absent), the deployment options it is limited to ({@code ovf:configuration} or the
 * unqualified {@code configuration} attribute, a space-separated list; empty = every option),
 * {@code rasd:VirtualQuantity} (read for CPU and memory items only), {@code rasd:AllocationUnits},
 * {@code rasd:Connection} (the network of a NIC), {@code rasd:ElementName} and
 * {@code rasd:ResourceSubType}.
 */
public record HardwareItem(String instanceId, int resourceType, List<String> configurations,
                           OptionalLong virtualQuantity, String allocationUnits, String connection,
                           String elementName, String resourceSubType) {
    public static final int PROCESSOR = 3;
    public static final int MEMORY = 4;
    public static final int ETHERNET_ADAPTER = 10;

    public HardwareItem {
        instanceId = Text.of(instanceId);
        configurations = configurations == null ? List.of() : List.copyOf(configurations);
        virtualQuantity = virtualQuantity == null ? OptionalLong.empty() : virtualQuantity;
        allocationUnits = Text.of(allocationUnits);
        connection = Text.of(connection);
        elementName = Text.of(elementName);
        resourceSubType = Text.of(resourceSubType);
    }

    /** True when this item is in effect under {@code configurationId} ("" = no deployment option chosen). */
    public boolean appliesTo(String configurationId) {
        return configurations.isEmpty() || configurations.contains(configurationId);
    }

    /** True when this item is limited to some deployment options. */
    public boolean configurationSpecific() {
        return !configurations.isEmpty();
    }
}

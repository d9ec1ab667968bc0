package io.interpose.compute.ovf;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The hardware of a virtual system under one deployment option ({@code configurationId}, empty when the
 * descriptor has none): virtual CPUs, memory in MiB (converted from the item's allocation units, rounded
 * up) and NICs in document order. CPU and memory are empty when the descriptor has no such item.
 */
public record VirtualHardware(String configurationId, OptionalInt cpuCount, OptionalLong memoryMiB, List<Nic> nics) {
    public VirtualHardware {
        configurationId = Text.of(configurationId);
        cpuCount = cpuCount == null ? OptionalInt.empty() : cpuCount;
        memoryMiB = memoryMiB == null ? OptionalLong.empty() : memoryMiB;
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /** A network adapter: its item's instance id, the network it connects to (may be empty), name and model. */
    public record Nic(String instanceId, String network, String elementName, String resourceSubType) {
        public Nic {
            instanceId = Text.of(instanceId);
            network = Text.of(network);
            elementName = Text.of(elementName);
            resourceSubType = Text.of(resourceSubType);
        }
    }
}

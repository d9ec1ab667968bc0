package io.interpose.compute.ovf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A {@code VirtualSystem}: its {@code ovf:id}, {@code Name}, {@code ProductSection}s and the items of
 * its first {@code VirtualHardwareSection} (a descriptor may offer one per platform; the first is used).
 */
public record VirtualSystem(String id, String name, List<ProductSection> productSections,
                            List<HardwareItem> hardwareItems) {
    public VirtualSystem {
        id = Text.of(id);
        name = Text.of(name);
        productSections = productSections == null ? List.of() : List.copyOf(productSections);
        hardwareItems = hardwareItems == null ? List.of() : List.copyOf(hardwareItems);
    }

    /**
     * The hardware in effect under {@code configurationId} ("" = only items that name no option). An item
     * limited to options applies when its list names {@code configurationId}; when two applicable items
     * share an {@code InstanceID}, the option-specific one replaces the general one (how vendors override
     * CPU and memory per form factor). CPU and memory come from the first remaining item of their type.
     *
     * @throws OvfException INVALID_FORMAT for memory in units that are not bytes
     */
    public VirtualHardware hardware(String configurationId) {
        List<HardwareItem> items = resolve(Text.of(configurationId));
        return new VirtualHardware(configurationId, cpuCount(items), memoryMiB(items), nics(items));
    }

    private List<HardwareItem> resolve(String configurationId) {
        Map<String, HardwareItem> byInstance = new LinkedHashMap<>();
        for (int i = 0; i < hardwareItems.size(); i++) {
            HardwareItem item = hardwareItems.get(i);
            if (!item.appliesTo(configurationId)) {
                continue;
            }
            String key = item.instanceId().isEmpty() ? "#" + i : item.instanceId();
            HardwareItem earlier = byInstance.get(key);
            if (earlier == null || item.configurationSpecific() || !earlier.configurationSpecific()) {
                byInstance.put(key, item);
            }
        }
        return new ArrayList<>(byInstance.values());
    }

    private static OptionalInt cpuCount(List<HardwareItem> items) {
        return first(items, HardwareItem.PROCESSOR)
                .map(item -> OptionalInt.of((int) Math.min(Integer.MAX_VALUE, item.virtualQuantity().orElse(1))))
                .orElse(OptionalInt.empty());
    }

    private static OptionalLong memoryMiB(List<HardwareItem> items) {
        return first(items, HardwareItem.MEMORY)
                .map(item -> OptionalLong.of(AllocationUnits.toMiB(item.virtualQuantity().orElse(0),
                        item.allocationUnits())))
                .orElse(OptionalLong.empty());
    }

    private static List<VirtualHardware.Nic> nics(List<HardwareItem> items) {
        return items.stream().filter(item -> item.resourceType() == HardwareItem.ETHERNET_ADAPTER)
                .map(item -> new VirtualHardware.Nic(item.instanceId(), item.connection(), item.elementName(),
                        item.resourceSubType()))
                .toList();
    }

    private static Optional<HardwareItem> first(List<HardwareItem> items, int resourceType) {
        return items.stream().filter(item -> item.resourceType() == resourceType).findFirst();
    }
}

package io.interpose.compute.ovf;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads the items of a {@code VirtualHardwareSection}: {@code Item} (RASD) and the OVF 2
 * {@code EthernetPortItem} (EPASD) and {@code StorageItem} (SASD). Settings are read from the CIM
 * namespaces by local name; vendor children such as {@code vmw:CoresPerSocket} are skipped. Items with
 * {@code ovf:bound="min"} or {@code "max"} describe a range, not the value to deploy, and are skipped.
 */
final class HardwareReader {
    private static final String CIM = "http://schemas.dmtf.org/wbem/wscim/";
    private static final Set<String> ITEMS = Set.of("Item", "EthernetPortItem", "StorageItem");

    private final String ns;

    HardwareReader(String ns) {
        this.ns = ns;
    }

    List<HardwareItem> items(Element section) {
        return Dom.elements(section).stream()
                .filter(e -> ns.equals(e.getNamespaceURI()) && ITEMS.contains(e.getLocalName()))
                .filter(e -> !Set.of("min", "max").contains(Dom.attributeOrEmpty(e, ns, "bound").strip()))
                .map(this::item).toList();
    }

    private HardwareItem item(Element item) {
        String instanceId = setting(item, "InstanceID").orElse("");
        String where = "VirtualHardwareSection " + item.getLocalName() + " with InstanceID '" + instanceId + "'";
        int resourceType = setting(item, "ResourceType")
                .map(text -> (int) Math.min(Numbers.nonNegative(text, where + " ResourceType"), Integer.MAX_VALUE))
                .orElse(0);
        return new HardwareItem(instanceId, resourceType, configurations(item),
                quantity(item, resourceType, where), setting(item, "AllocationUnits").orElse(""),
                setting(item, "Connection").orElse(""), name(item), setting(item, "ResourceSubType").orElse(""));
    }

    private List<String> configurations(Element item) {
        String list = Dom.attributeOrEmpty(item, ns, "configuration").strip();
        return list.isEmpty() ? List.of() : Arrays.asList(list.split("\\s+"));
    }

    private static OptionalLong quantity(Element item, int resourceType, String where) {
        if (resourceType != HardwareItem.PROCESSOR && resourceType != HardwareItem.MEMORY) {
            return OptionalLong.empty();
        }
        return setting(item, "VirtualQuantity")
                .map(text -> OptionalLong.of(Numbers.nonNegative(text, where + " VirtualQuantity")))
                .orElse(OptionalLong.empty());
    }

    private static String name(Element item) {
        return setting(item, "ElementName").or(() -> setting(item, "Caption")).orElse("");
    }

    /** The text of the item's CIM setting {@code name} (RASD, EPASD or SASD namespace). */
    private static Optional<String> setting(Element item, String name) {
        return Dom.elements(item).stream()
                .filter(e -> e.getNamespaceURI() != null && e.getNamespaceURI().startsWith(CIM))
                .filter(e -> name.equals(e.getLocalName()))
                .map(e -> e.getTextContent().strip()).findFirst();
    }
}

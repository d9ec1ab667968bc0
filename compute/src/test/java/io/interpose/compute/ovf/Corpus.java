package io.interpose.compute.ovf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The OVF corpus under src/test/resources/ovf-corpus (see SOURCES.md there) and counts over a descriptor. */
final class Corpus {
    private Corpus() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream("/ovf-corpus/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OvfDescriptor parse(String file) {
        return OvfDescriptor.parse(bytes(file));
    }

    static List<OvfProperty> properties(OvfDescriptor descriptor) {
        return descriptor.productSections().stream().flatMap(section -> section.properties().stream()).toList();
    }

    static Map<String, Long> propertyTypes(OvfDescriptor descriptor) {
        return properties(descriptor).stream().collect(Collectors.groupingBy(OvfProperty::type, Collectors.counting()));
    }

    static long count(List<OvfProperty> properties, Function<OvfProperty, Boolean> test) {
        return properties.stream().filter(test::apply).count();
    }

    /** Hardware items with ResourceType 10 in every virtual system, whatever their configuration. */
    static long nicItems(OvfDescriptor descriptor) {
        return descriptor.virtualSystems().stream().flatMap(system -> system.hardwareItems().stream())
                .filter(item -> item.resourceType() == HardwareItem.ETHERNET_ADAPTER).count();
    }

    static List<String> optionIds(OvfDescriptor descriptor) {
        return descriptor.deploymentOptions().stream().map(DeploymentOption::id).toList();
    }
}

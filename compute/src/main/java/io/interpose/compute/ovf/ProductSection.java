package io.interpose.compute.ovf;

import java.util.List;
import java.util.Optional;

/**
 * A {@code ProductSection}: its {@code ovf:class} and {@code ovf:instance} (empty when absent), product
 * name, vendor, version and properties in document order (properties inside XML comments are not
 * properties).
 */
public record ProductSection(String productClass, String instance, String product, String vendor, String version,
                             List<OvfProperty> properties) {
    public ProductSection {
        productClass = Text.of(productClass);
        instance = Text.of(instance);
        product = Text.of(product);
        vendor = Text.of(vendor);
        version = Text.of(version);
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    /** The property with this {@code ovf:key}. */
    public Optional<OvfProperty> property(String key) {
        return properties.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /**
     * The key the property has in the OVF environment: {@code [class.]key[.instance]}, as DSP0243 defines
     * it, so that two sections can declare the same key.
     */
    public String environmentKey(OvfProperty property) {
        String prefix = productClass.isEmpty() ? "" : productClass + ".";
        String suffix = instance.isEmpty() ? "" : "." + instance;
        return prefix + property.key() + suffix;
    }
}

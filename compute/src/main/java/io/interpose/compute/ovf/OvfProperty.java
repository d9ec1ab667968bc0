package io.interpose.compute.ovf;

import java.util.Map;

/**
 * A {@code ProductSection/Property}: its {@code ovf:key} and {@code ovf:type} (as written, for example
 * {@code string}, {@code boolean}, {@code uint16}; non-standard types such as {@code int} are kept),
 * {@code ovf:qualifiers} (for example {@code MaxLen(64)}), the default {@code ovf:value}, the values
 * that replace it under a deployment option ({@code Value ovf:configuration}), whether the user may
 * set it and whether it is a password, its label, description and the {@code Category} it appears
 * under (empty when none).
 */
public record OvfProperty(String key, String type, String qualifiers, String defaultValue,
                          Map<String, String> valuesByConfiguration, boolean userConfigurable, boolean password,
                          String label, String description, String category) {
    public OvfProperty {
        key = Text.of(key);
        type = Text.of(type);
        qualifiers = Text.of(qualifiers);
        defaultValue = defaultValue == null ? "" : defaultValue;
        valuesByConfiguration = valuesByConfiguration == null ? Map.of() : Map.copyOf(valuesByConfiguration);
        label = Text.of(label);
        description = Text.of(description);
        category = Text.of(category);
    }

    /** The value under deployment option {@code configurationId}: its own value if it has one, else the default. */
    public String value(String configurationId) {
        return valuesByConfiguration.getOrDefault(configurationId, defaultValue);
    }
}

package io.interpose.model.policy;

/**
 * One attribute of a vendor template that a service profile sets to its own value. Whether the
 * template has that attribute, and allows overriding it, is for the manager to check.
 */
public record AttributeOverride(String key, String value) {
    public AttributeOverride {
        key = key == null ? "" : key;
        value = value == null ? "" : value;
    }
}

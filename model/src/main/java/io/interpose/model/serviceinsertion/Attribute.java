package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;

/**
 * A partner attribute (NSX {@code Attribute}): a typed key/value pair that Interpose passes to the
 * service VM without interpreting it. Absent {@code value} and {@code display_name} become empty; an
 * absent {@code attribute_type} becomes {@link AttributeType#STRING} (any text); {@code read_only}
 * defaults to false. A read-only attribute cannot be overridden by a deployment or a service profile.
 */
public record Attribute(String key, String value, String displayName, AttributeType attributeType, boolean readOnly) {

    public Attribute {
        key = Normalized.text(key);
        value = Normalized.text(value);
        displayName = Normalized.text(displayName);
        attributeType = attributeType == null ? AttributeType.STRING : attributeType;
    }

    /** A blank attribute, standing in for a null element of a client's list. */
    static Attribute blank() {
        return new Attribute(null, null, null, null, false);
    }

    /** True when a value was given; an empty value is "not set" and is not type-checked. */
    public boolean hasValue() {
        return !value.isEmpty();
    }

    /** Adds a violation for a missing key and for a value that does not fit {@code attribute_type}. */
    public void check(String field, Violations violations) {
        violations.required(key, field + ".key");
        violations.check(!hasValue() || attributeType.accepts(value), field + ".value", attributeType.expectation());
    }
}

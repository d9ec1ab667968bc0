package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.util.List;
import java.util.Optional;

/**
 * A named set of partner attributes used to configure a deployed service VM (NSX
 * {@code DeploymentTemplate}). Keys are unique within a template; at most {@value #MAX_ATTRIBUTES}.
 */
public record DeploymentTemplate(String name, List<Attribute> attributes) {
    public static final int MAX_ATTRIBUTES = 128;

    public DeploymentTemplate {
        name = Normalized.text(name);
        attributes = Normalized.list(attributes, Attribute::blank);
    }

    static DeploymentTemplate blank() {
        return new DeploymentTemplate(null, null);
    }

    /** The attribute with this key, if the template has one. */
    public Optional<Attribute> attribute(String key) {
        return attributes.stream().filter(a -> a.key().equals(key)).findFirst();
    }

    /** Adds a violation for each bad attribute, a repeated key, or too many attributes. */
    public void check(String field, Violations violations) {
        checkAttributes(attributes, field + ".attributes", violations);
    }

    /** The rules every attribute list follows, here and in vendor templates. */
    static void checkAttributes(List<Attribute> attributes, String field, Violations violations) {
        violations.maxSize(attributes, MAX_ATTRIBUTES, field);
        for (int i = 0; i < attributes.size(); i++) {
            attributes.get(i).check(Unique.path(field, i, ""), violations);
        }
        Unique.check(attributes, Attribute::key, field, "key", violations);
    }
}

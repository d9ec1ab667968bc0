package io.interpose.model.policy;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An administrator's instance of a vendor template (a protection level), under a service reference.
 * The template is named by {@code vendorTemplateKey} or {@code vendorTemplateName}; when both are
 * given the key wins, since names may collide. {@code attributes} override template attributes.
 */
public record ServiceProfile(String vendorTemplateName, String vendorTemplateKey, List<AttributeOverride> attributes)
        implements Validated {
    public static final int MAX_ATTRIBUTES = 128;

    public ServiceProfile {
        vendorTemplateName = vendorTemplateName == null ? "" : vendorTemplateName;
        vendorTemplateKey = vendorTemplateKey == null ? "" : vendorTemplateKey;
        attributes = ListCopy.of(attributes);
    }

    /** True when the manager must find the template by key, false when by name. */
    public boolean selectsByKey() {
        return !vendorTemplateKey.isBlank();
    }

    /** The overrides as a map, in the order given. */
    public Map<String, String> attributeMap() {
        Map<String, String> map = new LinkedHashMap<>();
        attributes.stream().filter(a -> a != null).forEach(a -> map.put(a.key(), a.value()));
        return map;
    }

    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        violations.check(selectsByKey() || !vendorTemplateName.isBlank(), "vendor_template_key",
                "vendor_template_key or vendor_template_name is required");
        violations.maxSize(attributes, MAX_ATTRIBUTES, "attributes");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < attributes.size(); i++) {
            AttributeOverride attribute = attributes.get(i);
            String field = "attributes[" + i + "]";
            if (attribute == null) {
                violations.add(field, "must not be null");
            } else {
                violations.required(attribute.key(), field + ".key");
                violations.check(attribute.key().isBlank() || seen.add(attribute.key()), field + ".key",
                        "duplicates attribute " + attribute.key());
            }
        }
        return violations.list();
    }
}

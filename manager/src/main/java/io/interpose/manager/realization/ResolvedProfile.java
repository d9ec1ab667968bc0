package io.interpose.manager.realization;

import java.util.Map;
import java.util.Objects;

/**
 * A service profile as realization needs it: the service it belongs to (resolved from its service
 * reference), the vendor template key the SVM receives (resolved from the template name if needed),
 * and the attribute overrides.
 */
public record ResolvedProfile(String serviceId, String vendorTemplateKey, Map<String, String> attributes) {
    public ResolvedProfile {
        Objects.requireNonNull(serviceId, "serviceId");
        vendorTemplateKey = vendorTemplateKey == null ? "" : vendorTemplateKey;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}

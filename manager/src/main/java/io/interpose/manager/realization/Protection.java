package io.interpose.manager.realization;

import java.util.Objects;

/**
 * "This VM is protected by this service, with this profile, because of this rule of this policy."
 * One per service protecting a VM: for each service, the first matching rule in precedence order
 * decides (see {@link RealizationEngine}).
 */
public record Protection(String serviceId, String profilePath, String rulePath, String policyPath) {
    public Protection {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(profilePath, "profilePath");
        Objects.requireNonNull(rulePath, "rulePath");
        Objects.requireNonNull(policyPath, "policyPath");
    }
}

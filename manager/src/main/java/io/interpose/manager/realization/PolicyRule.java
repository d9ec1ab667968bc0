package io.interpose.manager.realization;

import io.interpose.model.policy.EndpointRule;
import java.util.Objects;

/** An endpoint rule with the path of the endpoint policy it belongs to. */
public record PolicyRule(String policyPath, EndpointRule rule) {
    public PolicyRule {
        Objects.requireNonNull(policyPath, "policyPath");
        Objects.requireNonNull(rule, "rule");
    }
}

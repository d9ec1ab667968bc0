package io.interpose.manager.realization;

import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.Group;
import java.util.List;
import java.util.Map;

/** Everything realization reads, for {@link RealizationEngine#rebuildAll}: maps are keyed by policy path. */
public record RealizationInputs(
        List<VirtualMachine> vms,
        Map<String, Group> groups,
        Map<String, EndpointPolicy> policies,
        Map<String, PolicyRule> rules,
        Map<String, ResolvedProfile> profiles) {

    public RealizationInputs {
        vms = vms == null ? List.of() : List.copyOf(vms);
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        rules = rules == null ? Map.of() : Map.copyOf(rules);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }
}

package io.interpose.model.policy;

import io.interpose.model.Validated;
import io.interpose.model.Violation;
import io.interpose.model.Violations;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * "The VMs of these groups are protected by this service profile." {@code groups} holds group paths,
 * or the single element {@code ANY} (any case) for every VM; {@code serviceProfiles} holds exactly one
 * service profile path. Whether the referenced objects exist is for the manager to check.
 */
public record EndpointRule(List<String> groups, List<String> serviceProfiles, int sequenceNumber)
        implements Validated {
    public static final int MAX_GROUPS = 50;

    public EndpointRule {
        groups = ListCopy.of(groups);
        serviceProfiles = ListCopy.of(serviceProfiles);
    }

    /** True when the rule applies to every VM ({@code groups} is {@code ["ANY"]}). */
    public boolean appliesToAny() {
        return groups.size() == 1 && PolicyPaths.isAny(groups.get(0));
    }

    /** The one service profile path (empty if the body has none, which {@link #violations()} reports). */
    public String serviceProfile() {
        return serviceProfiles.isEmpty() || serviceProfiles.get(0) == null ? "" : serviceProfiles.get(0);
    }

    @Override
    public List<Violation> violations() {
        Violations violations = new Violations();
        violations.required(groups, "groups").maxSize(groups, MAX_GROUPS, "groups");
        checkGroups(violations);
        violations.required(serviceProfiles, "service_profiles")
                .check(serviceProfiles.size() <= 1, "service_profiles", "must have exactly one service profile path");
        for (int i = 0; i < serviceProfiles.size(); i++) {
            violations.check(PolicyPaths.isServiceProfilePath(serviceProfiles.get(i)), "service_profiles[" + i + "]",
                    "must be a path /infra/service-references/<reference>/service-profiles/<profile>");
        }
        return violations.check(sequenceNumber >= 0 && sequenceNumber <= EndpointPolicy.MAX_SEQUENCE_NUMBER,
                "sequence_number", "must be between 0 and " + EndpointPolicy.MAX_SEQUENCE_NUMBER).list();
    }

    private void checkGroups(Violations violations) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            String field = "groups[" + i + "]";
            if (PolicyPaths.isAny(group)) {
                violations.check(groups.size() == 1, field, "ANY must be the only element of groups");
            } else {
                violations.check(PolicyPaths.isGroupPath(group), field,
                        "must be ANY or a path /infra/domains/<domain>/groups/<group>");
                violations.check(group == null || seen.add(group), field, "duplicates group " + group);
            }
        }
    }
}

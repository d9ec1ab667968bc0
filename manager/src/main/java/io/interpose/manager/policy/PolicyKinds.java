package io.interpose.manager.policy;

import io.interpose.manager.api.ResourceKind;
import io.interpose.model.policy.EndpointPolicy;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Group;
import io.interpose.model.policy.ServiceProfile;
import io.interpose.model.policy.ServiceReference;

/** The policy resource kinds and their paths under {@code /infra}. */
public final class PolicyKinds {
    public static final ResourceKind<ServiceReference> SERVICE_REFERENCE =
            ResourceKind.policy("ServiceReference", ServiceReference.class, "service_definition_id");
    public static final ResourceKind<ServiceProfile> SERVICE_PROFILE =
            ResourceKind.policy("PolicyServiceProfile", ServiceProfile.class, "vendor_template_id", "service_id");
    public static final ResourceKind<Group> GROUP = ResourceKind.policy("Group", Group.class, "state", "member_count");
    public static final ResourceKind<EndpointPolicy> ENDPOINT_POLICY =
            ResourceKind.policy("EndpointPolicy", EndpointPolicy.class, "endpoint_rules");
    public static final ResourceKind<EndpointRule> ENDPOINT_RULE =
            ResourceKind.policy("EndpointRule", EndpointRule.class, "rule_id");

    private PolicyKinds() {}

    public static String serviceReference(String id) {
        return "/infra/service-references/" + id;
    }

    public static String serviceProfile(String referenceId, String id) {
        return serviceReference(referenceId) + "/service-profiles/" + id;
    }

    public static String domain(String domain) {
        return "/infra/domains/" + domain;
    }

    public static String group(String domain, String id) {
        return domain(domain) + "/groups/" + id;
    }

    public static String endpointPolicy(String domain, String id) {
        return domain(domain) + "/endpoint-policies/" + id;
    }

    public static String endpointRule(String domain, String policyId, String id) {
        return endpointPolicy(domain, policyId) + "/endpoint-rules/" + id;
    }
}

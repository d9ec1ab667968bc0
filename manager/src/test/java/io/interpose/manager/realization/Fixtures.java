package io.interpose.manager.realization;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.Condition;
import io.interpose.model.policy.ConditionKey;
import io.interpose.model.policy.ConditionOperator;
import io.interpose.model.policy.EndpointRule;
import io.interpose.model.policy.Group;
import java.util.List;

/** Names and builders shared by the realization tests. */
final class Fixtures {
    static final String WEB = "/infra/domains/default/groups/web";
    static final String PROD = "/infra/domains/default/groups/prod";
    static final String POLICY_A = "/infra/domains/default/endpoint-policies/a";
    static final String POLICY_B = "/infra/domains/default/endpoint-policies/b";
    static final String GOLD = "/infra/service-references/av/service-profiles/gold";
    static final String SILVER = "/infra/service-references/av/service-profiles/silver";
    static final String FIM = "/infra/service-references/fim/service-profiles/strict";

    private Fixtures() {
    }

    static VirtualMachine vm(String id, String name, Tag... tags) {
        return new VirtualMachine(id, name, "host-1", name, "Ubuntu 22.04", List.of(tags), null);
    }

    static Group nameStartsWith(String prefix) {
        return Group.of(Condition.of(ConditionKey.Name, ConditionOperator.STARTSWITH, prefix));
    }

    static Group tagged(String value) {
        return Group.of(Condition.of(ConditionKey.Tag, ConditionOperator.EQUALS, value));
    }

    static EndpointRule rule(int sequence, String profile, String... groups) {
        return new EndpointRule(List.of(groups), List.of(profile), sequence);
    }

    static String rulePath(String policy, String name) {
        return policy + "/endpoint-rules/" + name;
    }
}

package io.interpose.model.policy;

import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import java.util.List;

/** "These VMs", by the compute manager's external id (compared ignoring case). At least one id. */
public record ExternalIDExpression(MemberType memberType, List<String> externalIds) implements Expression {
    public ExternalIDExpression {
        externalIds = ListCopy.of(externalIds);
    }

    public static ExternalIDExpression of(String... externalIds) {
        return new ExternalIDExpression(MemberType.VirtualMachine, List.of(externalIds));
    }

    public boolean matches(VirtualMachine vm) {
        return externalIds.stream().anyMatch(id -> vm.externalId().equalsIgnoreCase(id));
    }

    @Override
    public void check(String field, Violations violations) {
        violations.required(memberType, field + ".member_type").required(externalIds, field + ".external_ids");
        for (int i = 0; i < externalIds.size(); i++) {
            violations.required(externalIds.get(i), field + ".external_ids[" + i + "]");
        }
    }
}

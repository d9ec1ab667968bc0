package io.interpose.model.policy;

import io.interpose.model.inventory.VirtualMachine;
import java.util.Set;

/** A compiled {@link ExternalIDExpression}: the VM's external id, case-folded, is one of these. */
public record ExternalIdCriterion(Set<String> externalIds) implements MemberCriterion {
    public ExternalIdCriterion {
        externalIds = Set.copyOf(externalIds);
    }

    @Override
    public boolean test(VirtualMachine vm, GroupMembership groups) {
        return externalIds.contains(CaseFold.fold(vm.externalId()));
    }
}

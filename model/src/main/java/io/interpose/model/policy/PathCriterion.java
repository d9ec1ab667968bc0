package io.interpose.model.policy;

import io.interpose.model.inventory.VirtualMachine;
import java.util.Set;

/** A compiled {@link PathExpression}: the VM is a member of at least one of these groups. */
public record PathCriterion(Set<String> groupPaths) implements MemberCriterion {
    public PathCriterion {
        groupPaths = Set.copyOf(groupPaths);
    }

    @Override
    public boolean test(VirtualMachine vm, GroupMembership groups) {
        for (String path : groupPaths) {
            if (groups.contains(path, vm)) {
                return true;
            }
        }
        return false;
    }
}

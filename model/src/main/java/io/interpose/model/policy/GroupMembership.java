package io.interpose.model.policy;

import io.interpose.model.inventory.VirtualMachine;

/**
 * Answers "is this VM a member of the group at this path?" for {@link PathExpression}s, which make a
 * group's membership depend on other groups. A path naming no group has no members.
 */
@FunctionalInterface
public interface GroupMembership {
    /** No group has members: for evaluating expressions that reference no other group. */
    GroupMembership NONE = (groupPath, vm) -> false;

    boolean contains(String groupPath, VirtualMachine vm);
}

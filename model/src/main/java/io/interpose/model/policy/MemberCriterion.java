package io.interpose.model.policy;

import io.interpose.model.inventory.VirtualMachine;

/**
 * One test a VM must pass in a term of a {@link GroupFormula}: the compiled, ready-to-evaluate form of
 * a condition, an external id list or a path list. Compiled values are already case-folded.
 */
public sealed interface MemberCriterion permits ConditionCriterion, ExternalIdCriterion, PathCriterion {
    boolean test(VirtualMachine vm, GroupMembership groups);
}

package io.interpose.model.policy;

import io.interpose.model.InvalidResourceException;
import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A group's expression compiled for evaluation, in disjunctive normal form: the VM is a member when it
 * passes every criterion of at least one term. OR separates terms; AND and NestedExpressions add
 * criteria to the current term. No terms means no members.
 */
public record GroupFormula(List<List<MemberCriterion>> terms) {
    public GroupFormula {
        terms = terms.stream().map(List::copyOf).toList();
    }

    /**
     * Compiles a group.
     *
     * @throws InvalidResourceException if the group has violations
     */
    public static GroupFormula of(Group group) {
        var violations = group.violations();
        if (!violations.isEmpty()) {
            throw new InvalidResourceException("group", violations);
        }
        List<List<MemberCriterion>> terms = new ArrayList<>();
        List<MemberCriterion> term = new ArrayList<>();
        for (Expression element : group.expression()) {
            if (element instanceof ConjunctionOperator joiner && joiner.conjunctionOperator() == Conjunction.OR) {
                terms.add(term);
                term = new ArrayList<>();
            } else {
                addCriteria(element, term);
            }
        }
        if (!group.expression().isEmpty()) {
            terms.add(term);
        }
        return new GroupFormula(terms);
    }

    private static void addCriteria(Expression element, List<MemberCriterion> term) {
        if (element instanceof Condition condition) {
            term.add(ConditionCriterion.of(condition));
        } else if (element instanceof NestedExpression nested) {
            nested.conditions().forEach(condition -> term.add(ConditionCriterion.of(condition)));
        } else if (element instanceof ExternalIDExpression ids) {
            Set<String> folded = new LinkedHashSet<>();
            ids.externalIds().forEach(id -> folded.add(CaseFold.fold(id)));
            term.add(new ExternalIdCriterion(folded));
        } else if (element instanceof PathExpression paths) {
            term.add(new PathCriterion(new LinkedHashSet<>(paths.paths())));
        }
    }

    public boolean matches(VirtualMachine vm, GroupMembership groups) {
        for (List<MemberCriterion> term : terms) {
            if (allPass(term, vm, groups)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allPass(List<MemberCriterion> term, VirtualMachine vm, GroupMembership groups) {
        for (MemberCriterion criterion : term) {
            if (!criterion.test(vm, groups)) {
                return false;
            }
        }
        return true;
    }
}

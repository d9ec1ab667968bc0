package io.interpose.manager.realization;

import io.interpose.model.policy.Group;
import io.interpose.model.policy.GroupFormula;
import io.interpose.model.policy.MemberCriterion;
import io.interpose.model.policy.PathCriterion;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A group as the engine keeps it: its compiled formula, the groups it references by path, and how a VM
 * change finds it: under index {@code keys}, always ({@code scan}), or through a referenced group
 * (terms that only a PathExpression can satisfy).
 */
record GroupEntry(GroupFormula formula, Set<String> references, Set<String> keys, boolean scan,
                  boolean everyTermNeedsPath) {

    static GroupEntry of(Group group) {
        GroupFormula formula = GroupFormula.of(group);
        Set<String> keys = new HashSet<>();
        boolean scan = false;
        boolean everyTermNeedsPath = true;
        for (List<MemberCriterion> term : formula.terms()) {
            boolean needsPath = term.stream().anyMatch(PathCriterion.class::isInstance);
            everyTermNeedsPath &= needsPath;
            Optional<Set<String>> termKeys = IndexKeys.of(term);
            termKeys.ifPresent(keys::addAll);
            scan |= termKeys.isEmpty() && !needsPath;
        }
        return new GroupEntry(formula, group.referencedGroupPaths(), Set.copyOf(keys), scan, everyTermNeedsPath);
    }
}

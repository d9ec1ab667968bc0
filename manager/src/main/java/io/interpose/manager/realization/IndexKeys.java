package io.interpose.manager.realization;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.CaseFold;
import io.interpose.model.policy.ConditionCriterion;
import io.interpose.model.policy.ConditionOperator;
import io.interpose.model.policy.ExternalIdCriterion;
import io.interpose.model.policy.MemberCriterion;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Index keys that let a VM change find the groups it may belong to without evaluating them all. A VM
 * has one key per attribute value (case-folded); an equality criterion ({@code EQUALS}, {@code IN} on
 * Name, OSName, ComputerName, Tag; an external id list) has the keys a VM must have to pass it. A VM
 * can only pass a term if it has a key of the term's indexed criterion, so the groups indexed under
 * its keys (plus those that cannot be indexed) are the only candidates.
 */
final class IndexKeys {
    private IndexKeys() {
    }

    static Set<String> of(VirtualMachine vm) {
        Set<String> keys = new HashSet<>();
        keys.add("n:" + CaseFold.fold(vm.displayName()));
        keys.add("o:" + CaseFold.fold(vm.osName()));
        keys.add("c:" + CaseFold.fold(vm.computerName()));
        keys.add("x:" + CaseFold.fold(vm.externalId()));
        for (Tag tag : vm.tags()) {
            String scope = CaseFold.fold(tag.scope());
            String value = CaseFold.fold(tag.tag());
            keys.add("t:" + value);
            keys.add("s:" + scope + "|" + value);
            keys.add("S:" + scope);
        }
        return keys;
    }

    /** The keys of the term's most selective indexable criterion; empty if none can be indexed. */
    static Optional<Set<String>> of(List<MemberCriterion> term) {
        Set<String> best = null;
        for (MemberCriterion criterion : term) {
            Optional<Set<String>> keys = of(criterion);
            if (keys.isPresent() && (best == null || keys.get().size() < best.size())) {
                best = keys.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Set<String>> of(MemberCriterion criterion) {
        if (criterion instanceof ExternalIdCriterion ids) {
            return Optional.of(prefixed("x:", ids.externalIds()));
        }
        if (criterion instanceof ConditionCriterion condition && isEquality(condition)) {
            return Optional.of(of(condition));
        }
        return Optional.empty();
    }

    private static boolean isEquality(ConditionCriterion condition) {
        return (condition.operator() == ConditionOperator.EQUALS || condition.operator() == ConditionOperator.IN)
                && !condition.scopeNegated();
    }

    private static Set<String> of(ConditionCriterion condition) {
        return switch (condition.key()) {
            case Name -> prefixed("n:", condition.values());
            case OSName -> prefixed("o:", condition.values());
            case ComputerName -> prefixed("c:", condition.values());
            case Tag -> tagKeys(condition);
        };
    }

    private static Set<String> tagKeys(ConditionCriterion condition) {
        if (condition.values().isEmpty()) {
            return Set.of("S:" + condition.scope());
        }
        return condition.scope().isEmpty()
                ? prefixed("t:", condition.values())
                : prefixed("s:" + condition.scope() + "|", condition.values());
    }

    private static Set<String> prefixed(String prefix, Iterable<String> values) {
        Set<String> keys = new HashSet<>();
        values.forEach(value -> keys.add(prefix + value));
        return keys;
    }
}

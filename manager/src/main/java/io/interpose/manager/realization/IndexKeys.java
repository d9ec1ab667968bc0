package io.interpose.manager.realization;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import io.interpose.model.policy.CaseFold;
import io.interpose.model.policy.ConditionCriterion;
import io.interpose.model.policy.ConditionKey;
import io.interpose.model.policy.ExternalIdCriterion;
import io.interpose.model.policy.MemberCriterion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Index keys that let a VM change find the groups it may belong to without evaluating them all.
 * A criterion has the keys a VM must have one of to pass it; a VM has every key it could need. Keys
 * are case-folded:
 * <ul>
 *   <li>{@code EQUALS}/{@code IN} on Name, OSName, ComputerName: the value;</li>
 *   <li>{@code STARTSWITH}/{@code ENDSWITH}: the first/last {@value #AFFIX} characters of the pattern
 *       (a VM has its attribute's prefixes/suffixes of length 1 to {@value #AFFIX});</li>
 *   <li>{@code CONTAINS} with a pattern of at least {@value #GRAM} characters: its first
 *       {@value #GRAM}-gram (a VM has every {@value #GRAM}-gram of its attribute);</li>
 *   <li>Tag {@code EQUALS}/{@code IN}: scope and tag, tag in any scope, or any tag in the scope;</li>
 *   <li>external ids.</li>
 * </ul>
 * Negated operators, scope NOTEQUALS, short CONTAINS patterns and other Tag operators have no keys.
 */
final class IndexKeys {
    static final int AFFIX = 4;
    static final int GRAM = 3;

    private IndexKeys() {
    }

    /**
     * The VM's keys (possibly repeated), limited to the {@link #family families} some group is indexed under: a VM needs
     * no affix or gram keys when no group matches by prefix or substring.
     */
    static List<String> of(VirtualMachine vm, Set<String> families) {
        List<String> keys = new ArrayList<>();
        attributeKeys('n', vm.displayName(), families, keys);
        attributeKeys('o', vm.osName(), families, keys);
        attributeKeys('c', vm.computerName(), families, keys);
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

    /** The family of a key: what kind of attribute and comparison it is for. */
    static String family(String key) {
        return key.substring(0, 2);
    }

    /** Whether a VM having one of these keys passes the criterion they came from, without evaluating it. */
    static boolean exact(Set<String> keys) {
        return keys.stream().allMatch(key -> key.charAt(1) == '=' || key.charAt(1) == ':');
    }

    private static void attributeKeys(char attribute, String text, Set<String> families, List<String> keys) {
        String value = CaseFold.fold(text);
        if (families.contains(attribute + "=")) {
            keys.add(attribute + "=" + value);
        }
        boolean prefixes = families.contains(attribute + "^");
        boolean suffixes = families.contains(attribute + "$");
        for (int length = 1; length <= Math.min(AFFIX, value.length()) && (prefixes || suffixes); length++) {
            if (prefixes) {
                keys.add(attribute + "^" + value.substring(0, length));
            }
            if (suffixes) {
                keys.add(attribute + "$" + value.substring(value.length() - length));
            }
        }
        if (families.contains(attribute + "~")) {
            for (int from = 0; from + GRAM <= value.length(); from++) {
                keys.add(attribute + "~" + value.substring(from, from + GRAM));
            }
        }
    }

    /** The keys of the term's most selective indexable criterion; empty if none can be indexed. */
    static Optional<Set<String>> of(List<MemberCriterion> term) {
        Set<String> best = null;
        for (MemberCriterion criterion : term) {
            Optional<Set<String>> keys = of(criterion);
            if (keys.isPresent() && (best == null || rank(keys.get()) < rank(best))) {
                best = keys.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Fewer keys first; among equals, exact values before affixes and grams (they select fewer VMs). */
    private static int rank(Set<String> keys) {
        return keys.size() * 2 + (exact(keys) ? 0 : 1);
    }

    private static Optional<Set<String>> of(MemberCriterion criterion) {
        if (criterion instanceof ExternalIdCriterion ids) {
            return Optional.of(prefixed("x:", ids.externalIds()));
        }
        if (criterion instanceof ConditionCriterion condition && !condition.operator().negated()) {
            return condition.key() == ConditionKey.Tag ? tagKeys(condition) : attributeKeys(condition);
        }
        return Optional.empty();
    }

    private static Optional<Set<String>> attributeKeys(ConditionCriterion condition) {
        char attribute = switch (condition.key()) {
            case Name -> 'n';
            case OSName -> 'o';
            default -> 'c';
        };
        Set<String> keys = new HashSet<>();
        for (String value : condition.values()) {
            int affix = Math.min(AFFIX, value.length());
            switch (condition.operator()) {
                case STARTSWITH -> keys.add(attribute + "^" + value.substring(0, affix));
                case ENDSWITH -> keys.add(attribute + "$" + value.substring(value.length() - affix));
                case CONTAINS -> {
                    if (value.length() < GRAM) {
                        return Optional.empty();
                    }
                    keys.add(attribute + "~" + value.substring(0, GRAM));
                }
                default -> keys.add(attribute + "=" + value);
            }
        }
        return Optional.of(keys);
    }

    private static Optional<Set<String>> tagKeys(ConditionCriterion condition) {
        boolean equality = switch (condition.operator()) {
            case EQUALS, IN -> true;
            default -> false;
        };
        if (!equality || condition.scopeNegated()) {
            return Optional.empty();
        }
        if (condition.values().isEmpty()) {
            return Optional.of(Set.of("S:" + condition.scope()));
        }
        return Optional.of(condition.scope().isEmpty()
                ? prefixed("t:", condition.values())
                : prefixed("s:" + condition.scope() + "|", condition.values()));
    }

    private static Set<String> prefixed(String prefix, Iterable<String> values) {
        Set<String> keys = new HashSet<>();
        values.forEach(value -> keys.add(prefix + value));
        return keys;
    }
}

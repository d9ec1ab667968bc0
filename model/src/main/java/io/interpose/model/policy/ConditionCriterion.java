package io.interpose.model.policy;

import io.interpose.model.Tag;
import io.interpose.model.inventory.VirtualMachine;
import java.util.List;

/**
 * A compiled {@link Condition}. {@code scope} and {@code values} are case-folded; for Tag conditions
 * {@code scope} is {@code ""} when any scope will do and {@code values} is empty when any tag in the
 * scope will do. See {@link Condition} for the meaning.
 */
public record ConditionCriterion(
        ConditionKey key, ConditionOperator operator, String scope, boolean scopeNegated, List<String> values)
        implements MemberCriterion {

    public ConditionCriterion {
        values = List.copyOf(values);
    }

    /** Compiles a condition that has no violations. */
    public static ConditionCriterion of(Condition condition) {
        boolean tag = condition.key() == ConditionKey.Tag;
        List<String> values = condition.values().stream().map(CaseFold::fold).toList();
        if (tag && values.equals(List.of(""))) {
            values = List.of();
        }
        return new ConditionCriterion(condition.key(), condition.operator(),
                tag ? CaseFold.fold(condition.tagScope()) : "",
                condition.scopeOperator() == ScopeOperator.NOTEQUALS, values);
    }

    @Override
    public boolean test(VirtualMachine vm, GroupMembership groups) {
        boolean positive = key == ConditionKey.Tag ? anyTagMatches(vm.tags()) : compare(attribute(vm));
        return positive != operator.negated();
    }

    private String attribute(VirtualMachine vm) {
        return switch (key) {
            case Name -> vm.displayName();
            case OSName -> vm.osName();
            case ComputerName -> vm.computerName();
            case Tag -> throw new IllegalStateException("tags are not one attribute");
        };
    }

    private boolean anyTagMatches(List<Tag> tags) {
        for (Tag tag : tags) {
            if (scopeMatches(tag.scope()) && (values.isEmpty() || compare(tag.tag()))) {
                return true;
            }
        }
        return false;
    }

    private boolean scopeMatches(String tagScope) {
        return scope.isEmpty() || CaseFold.equals(tagScope, scope) != scopeNegated;
    }

    private boolean compare(String text) {
        for (String value : values) {
            if (compareOne(text, value)) {
                return true;
            }
        }
        return false;
    }

    private boolean compareOne(String text, String value) {
        return switch (operator.positive()) {
            case CONTAINS -> CaseFold.contains(text, value);
            case STARTSWITH -> CaseFold.startsWith(text, value);
            case ENDSWITH -> CaseFold.endsWith(text, value);
            default -> CaseFold.equals(text, value);
        };
    }
}

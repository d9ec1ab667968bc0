package io.interpose.model.policy;

import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import java.util.Arrays;
import java.util.List;

/**
 * "VMs whose {@code key} {@code operator} {@code value}", compared ignoring case. {@code operator}
 * defaults to {@code EQUALS}; {@code IN} and {@code NOTIN} take a comma-separated list (items trimmed).
 *
 * <p>For {@link ConditionKey#Tag} the value is {@code scope|tag}:
 * <ul>
 *   <li>{@code scope|tag}: a tag in scope {@code scope} whose tag part matches {@code tag};</li>
 *   <li>{@code tag} or {@code |tag}: a tag in any scope (including none) whose tag part matches;</li>
 *   <li>{@code scope|}: any tag in scope {@code scope} (only with {@code EQUALS} and {@code NOTEQUALS}).</li>
 * </ul>
 * The operator applies to the tag part only; the scope always compares for equality, or inequality with
 * {@code scope_operator NOTEQUALS} (which needs a scope, and applies to Tag conditions only). A positive
 * operator matches when at least one of the VM's tags matches; {@code NOTEQUALS}/{@code NOTIN} match
 * when none does (so {@code NOTEQUALS env|} selects VMs with no tag in scope {@code env}). A value may
 * hold at most one {@code |}. {@code IN} lists the tag part: {@code env|prod,staging}.
 */
public record Condition(
        MemberType memberType, ConditionKey key, ConditionOperator operator, String value, ScopeOperator scopeOperator)
        implements Expression {

    public Condition {
        operator = operator == null ? ConditionOperator.EQUALS : operator;
        value = value == null ? "" : value;
        scopeOperator = scopeOperator == null ? ScopeOperator.EQUALS : scopeOperator;
    }

    /** A VirtualMachine condition with the default scope operator. */
    public static Condition of(ConditionKey key, ConditionOperator operator, String value) {
        return new Condition(MemberType.VirtualMachine, key, operator, value, ScopeOperator.EQUALS);
    }

    public boolean matches(VirtualMachine vm) {
        return ConditionCriterion.of(this).test(vm, GroupMembership.NONE);
    }

    /** The scope part of a Tag value ({@code ""} when the value names none). */
    public String tagScope() {
        int bar = value.indexOf('|');
        return bar < 0 ? "" : value.substring(0, bar);
    }

    /** The values compared: for Tag, the tag part; for IN/NOTIN, the trimmed list items. */
    public List<String> values() {
        String compared = key == ConditionKey.Tag ? value.substring(value.indexOf('|') + 1) : value;
        if (!operator.takesList()) {
            return List.of(compared);
        }
        return Arrays.stream(compared.split(",", -1)).map(String::trim).toList();
    }

    @Override
    public void check(String field, Violations violations) {
        violations.required(memberType, field + ".member_type").required(key, field + ".key");
        violations.required(value, field + ".value");
        if (value.isBlank()) {
            return;
        }
        if (key == ConditionKey.Tag) {
            checkTag(field, violations);
        } else {
            violations.check(scopeOperator == ScopeOperator.EQUALS, field + ".scope_operator",
                    "applies only to conditions with key Tag");
        }
        if (operator.takesList()) {
            violations.check(values().stream().noneMatch(String::isEmpty), field + ".value",
                    "must be a comma-separated list without empty items for " + operator);
        }
    }

    private void checkTag(String field, Violations violations) {
        int bar = value.indexOf('|');
        String tagPart = value.substring(bar + 1);
        violations.check(value.indexOf('|', bar + 1) < 0, field + ".value", "must be scope|tag with at most one '|'");
        violations.check(!tagPart.isEmpty() || bar > 0, field + ".value", "must name a scope or a tag");
        violations.check(!tagPart.isEmpty() || bar <= 0 || operator.positive() == ConditionOperator.EQUALS,
                field + ".value", "a scope without a tag (scope|) works only with EQUALS or NOTEQUALS");
        violations.check(scopeOperator == ScopeOperator.EQUALS || bar > 0, field + ".scope_operator",
                "NOTEQUALS needs a scope in the value (scope|tag)");
    }
}

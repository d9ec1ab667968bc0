package io.interpose.model.policy;

import io.interpose.model.Violations;
import io.interpose.model.inventory.VirtualMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parenthesised conditions inside a group's expression: up to {@value #MAX_CONDITIONS} Conditions of one
 * member type, joined by {@code AND} only (the same alternation as a group's expression list).
 */
public record NestedExpression(List<Expression> expressions) implements Expression {
    public static final int MAX_CONDITIONS = 5;

    public NestedExpression {
        expressions = ListCopy.of(expressions);
    }

    public static NestedExpression allOf(Condition... conditions) {
        List<Expression> joined = new ArrayList<>();
        for (Condition condition : conditions) {
            if (!joined.isEmpty()) {
                joined.add(ConjunctionOperator.and());
            }
            joined.add(condition);
        }
        return new NestedExpression(joined);
    }

    /** The conditions, in order. */
    public List<Condition> conditions() {
        return expressions.stream().filter(Condition.class::isInstance).map(Condition.class::cast).toList();
    }

    /** True when the VM meets every condition. */
    public boolean matches(VirtualMachine vm) {
        return conditions().stream().allMatch(condition -> condition.matches(vm));
    }

    @Override
    public void check(String field, Violations violations) {
        String list = field + ".expressions";
        violations.required(expressions, list);
        Group.checkAlternation(expressions, list, violations);
        for (int i = 0; i < expressions.size(); i++) {
            Expression element = expressions.get(i);
            if (element instanceof ConjunctionOperator joiner) {
                violations.check(joiner.conjunctionOperator() != Conjunction.OR, list + "[" + i + "].conjunction_operator",
                        "must be AND inside a NestedExpression");
            } else if (element != null && !(element instanceof Condition)) {
                violations.add(list + "[" + i + "]", "a NestedExpression holds only Conditions and ConjunctionOperators");
            }
        }
        List<Condition> conditions = conditions();
        violations.check(conditions.size() <= MAX_CONDITIONS, list,
                "must have at most " + MAX_CONDITIONS + " Conditions, has " + conditions.size());
        violations.check(conditions.stream().map(Condition::memberType).filter(Objects::nonNull).distinct().count() <= 1,
                list, "Conditions must all have the same member_type");
    }
}

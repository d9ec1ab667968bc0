package io.interpose.model.policy;

import io.interpose.model.Violations;

/** Joins the expressions before and after it in a list: {@code AND} binds tighter than {@code OR}. */
public record ConjunctionOperator(Conjunction conjunctionOperator) implements Expression {
    public static ConjunctionOperator and() {
        return new ConjunctionOperator(Conjunction.AND);
    }

    public static ConjunctionOperator or() {
        return new ConjunctionOperator(Conjunction.OR);
    }

    @Override
    public void check(String field, Violations violations) {
        violations.required(conjunctionOperator, field + ".conjunction_operator");
    }
}

package io.interpose.model.policy;

import io.interpose.model.Violations;
import java.util.Map;

/**
 * One element of a group's {@code expression} list. In JSON each element carries a {@code resource_type}
 * naming its record ({@code "Condition"}, {@code "ConjunctionOperator"}, ...); {@link #TYPES} maps those
 * names to classes so that a JSON codec can bind the list without annotations in the model.
 */
public sealed interface Expression
        permits Condition, ConjunctionOperator, NestedExpression, ExternalIDExpression, PathExpression {

    /** {@code resource_type} value to record class, for every kind of expression. */
    Map<String, Class<? extends Expression>> TYPES = Map.of(
            "Condition", Condition.class,
            "ConjunctionOperator", ConjunctionOperator.class,
            "NestedExpression", NestedExpression.class,
            "ExternalIDExpression", ExternalIDExpression.class,
            "PathExpression", PathExpression.class);

    /** Adds a violation for each problem of this element alone; {@code field} is its JSON path. */
    void check(String field, Violations violations);
}

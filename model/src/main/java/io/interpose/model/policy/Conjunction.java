package io.interpose.model.policy;

/** How a {@link ConjunctionOperator} joins its neighbours. {@code AND} binds tighter than {@code OR}. */
public enum Conjunction {
    AND, OR
}

package io.interpose.model.policy;

/**
 * How a {@link Condition} compares the VM attribute with its value, ignoring case. {@code IN} and
 * {@code NOTIN} take a comma-separated list. {@link #NOTEQUALS} and {@link #NOTIN} are the negations
 * of {@link #EQUALS} and {@link #IN}.
 */
public enum ConditionOperator {
    EQUALS, NOTEQUALS, CONTAINS, STARTSWITH, ENDSWITH, IN, NOTIN;

    /** True for the operators that match when the positive comparison fails. */
    public boolean negated() {
        return this == NOTEQUALS || this == NOTIN;
    }

    /** The operator this one negates, or itself when it is positive. */
    public ConditionOperator positive() {
        return switch (this) {
            case NOTEQUALS -> EQUALS;
            case NOTIN -> IN;
            default -> this;
        };
    }

    /** True for the operators whose value is a comma-separated list. */
    public boolean takesList() {
        return this == IN || this == NOTIN;
    }
}

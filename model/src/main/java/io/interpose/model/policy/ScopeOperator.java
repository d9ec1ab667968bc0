package io.interpose.model.policy;

/** For {@link ConditionKey#Tag} conditions: whether the tag's scope must equal, or differ from, the given scope. */
public enum ScopeOperator {
    EQUALS, NOTEQUALS
}

package io.interpose.model.policy;

/** The VM attribute a {@link Condition} looks at. Constant names are the JSON values. */
public enum ConditionKey {
    /** The VM's display name. */
    Name,
    /** The VM's tags; the condition value is {@code scope|tag} (see {@link Condition}). */
    Tag,
    /** The guest OS name the compute manager reports. */
    OSName,
    /** The guest's host name. */
    ComputerName
}

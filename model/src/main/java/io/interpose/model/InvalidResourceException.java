package io.interpose.model;

import java.util.List;
import java.util.stream.Collectors;

/** A resource failed validation; carries every violation found. The API turns it into a 400. */
public final class InvalidResourceException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidResourceException(String what, List<Violation> violations) {
        super(what + " is invalid: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}

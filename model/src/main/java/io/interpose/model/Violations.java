package io.interpose.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects every problem with a resource so that a client learns about all bad fields at once.
 * Field names are snake_case JSON paths, as the client wrote them.
 */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    public Violations check(boolean ok, String field, String message) {
        if (!ok) {
            found.add(new Violation(field, message));
        }
        return this;
    }

    public Violations required(Object value, String field) {
        boolean present = value != null && !(value instanceof String s && s.isBlank())
                && !(value instanceof Collection<?> c && c.isEmpty());
        return check(present, field, "is required");
    }

    public Violations maxSize(Collection<?> values, int max, String field) {
        return check(values == null || values.size() <= max, field, "must have at most " + max + " items");
    }

    public Violations maxLength(String value, int max, String field) {
        return check(value == null || value.length() <= max, field, "must be at most " + max + " characters");
    }

    public Violations add(String field, String message) {
        found.add(new Violation(field, message));
        return this;
    }

    public Violations addAll(Collection<Violation> more) {
        found.addAll(more);
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return List.copyOf(found);
    }

    /** Throws {@link InvalidResourceException} listing every violation, if there is any. */
    public void throwIfAny(String what) {
        if (!found.isEmpty()) {
            throw new InvalidResourceException(what, list());
        }
    }
}

package io.interpose.model.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable copies of the lists a client sent. Unlike {@link List#copyOf}, null elements are kept, so
 * that validation can report them with their index instead of the constructor failing.
 */
final class ListCopy {
    private ListCopy() {
    }

    static <T> List<T> of(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}

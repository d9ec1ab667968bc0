package io.interpose.model.serviceinsertion;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** Normalisation shared by the compact constructors: absent becomes empty, never an exception. */
final class Normalized {
    private Normalized() {
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    /** An unmodifiable copy without null elements; an absent list becomes empty. */
    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }

    /**
     * An unmodifiable copy in which each null element becomes {@code blank} (an object with nothing set),
     * so that its missing required fields are reported at the index the client wrote.
     */
    static <T> List<T> list(List<T> values, Supplier<T> blank) {
        return values == null ? List.of() : values.stream().map(v -> v == null ? blank.get() : v).toList();
    }
}

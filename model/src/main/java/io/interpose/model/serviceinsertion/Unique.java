package io.interpose.model.serviceinsertion;

import io.interpose.model.Violations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reports list items whose key repeats the key of an earlier item. */
final class Unique {
    private Unique() {
    }

    /**
     * Adds a violation at each item ({@code list[i].keyField}) whose key equals an earlier item's key.
     * Null and blank keys are skipped: a missing key is a different problem. An empty {@code keyField}
     * means the item itself is the key, as in a list of enum constants.
     */
    static <T> void check(List<T> items, Function<T, ?> key, String list, String keyField, Violations violations) {
        Map<Object, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Object value = key.apply(items.get(i));
            if (value == null || value instanceof String s && s.isBlank()) {
                continue;
            }
            Integer earlier = firstIndex.putIfAbsent(value, i);
            if (earlier != null) {
                violations.add(path(list, i, keyField), "must be unique: same as " + path(list, earlier, keyField));
            }
        }
    }

    /** Each enum constant (or other value) may appear at most once in {@code list}. */
    static <T> void check(List<T> items, String list, Violations violations) {
        check(items, Function.identity(), list, "", violations);
    }

    static String path(String list, int index, String keyField) {
        return list + "[" + index + "]" + (keyField.isEmpty() ? "" : "." + keyField);
    }
}

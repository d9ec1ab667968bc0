package io.interpose.compute.lab;

import io.interpose.model.Tag;
import io.interpose.model.Violations;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Field rules for lab admin input. Ids appear in URL paths of the lab admin API, so they are limited
 * to letters, digits and {@code . _ : -}; names must not be blank; sizes follow the NSX limits.
 * Violations are collected so that a caller learns about every bad field at once.
 */
final class LabValidation {
    static final int MAX_ID = 255;
    static final int MAX_TEXT = 255;
    static final int MAX_TAGS = 30;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private LabValidation() {}

    /** Runs {@code checks} and throws {@link io.interpose.model.InvalidResourceException} if any failed. */
    static void require(String what, Consumer<Violations> checks) {
        var violations = new Violations();
        checks.accept(violations);
        violations.throwIfAny(what);
    }

    static void id(Violations v, String field, String value) {
        v.required(value, field);
        if (value != null && !value.isBlank()) {
            v.maxLength(value, MAX_ID, field)
                    .check(ID.matcher(value).matches(), field, "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'");
        }
    }

    /** An id that may be empty (for example "no cluster"). */
    static void optionalId(Violations v, String field, String value) {
        if (value != null && !value.isEmpty()) {
            id(v, field, value);
        }
    }

    static void name(Violations v, String field, String value) {
        v.required(value, field).maxLength(value, MAX_TEXT, field);
    }

    static void text(Violations v, String field, String value) {
        v.maxLength(value, MAX_TEXT, field);
    }

    static void tags(Violations v, List<Tag> tags) {
        if (tags == null) {
            return;
        }
        v.maxSize(tags, MAX_TAGS, "tags");
        for (int i = 0; i < tags.size(); i++) {
            tag(v, "tags[" + i + "]", tags.get(i));
        }
    }

    private static void tag(Violations v, String field, Tag tag) {
        if (tag == null) {
            v.add(field, "must not be null");
            return;
        }
        tag.check(field, v);
        v.check(!(tag.scope().isEmpty() && tag.tag().isEmpty()), field, "needs a scope or a tag");
    }
}

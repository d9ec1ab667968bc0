package io.interpose.model;

/**
 * A scoped label on a resource, as in {@code {"scope": "env", "tag": "prod"}}. An empty scope means
 * "no scope". Tags are how partners and administrators classify VMs for groups.
 */
public record Tag(String scope, String tag) {
    public static final int MAX_SCOPE = 128;
    public static final int MAX_TAG = 256;

    public Tag {
        scope = scope == null ? "" : scope;
        tag = tag == null ? "" : tag;
    }

    public static Tag of(String scope, String tag) {
        return new Tag(scope, tag);
    }

    /** Adds a violation for each field of this tag that is too long. */
    public void check(String field, Violations violations) {
        violations.check(scope.length() <= MAX_SCOPE, field + ".scope", "must be at most " + MAX_SCOPE + " characters");
        violations.check(tag.length() <= MAX_TAG, field + ".tag", "must be at most " + MAX_TAG + " characters");
    }
}

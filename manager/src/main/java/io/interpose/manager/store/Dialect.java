package io.interpose.manager.store;

import java.util.Locale;
import java.util.Map;

/**
 * The databases the store runs on. The migrations are the same SQL for both; the only difference is
 * the {@code binary_collation} placeholder, which makes PostgreSQL order paths by code point as H2
 * does, so that listings, cursors and prefix searches behave alike on both.
 */
public enum Dialect {
    /** Embedded H2 in file mode: one process owns the file; writes are serialized in that process. */
    H2("jdbc:h2:file:", ""),
    /** PostgreSQL: write transactions run SERIALIZABLE and are retried on serialization failures. */
    POSTGRESQL("jdbc:postgresql:", " COLLATE \"C\"");

    private final String urlPrefix;
    private final String binaryCollation;

    Dialect(String urlPrefix, String binaryCollation) {
        this.urlPrefix = urlPrefix;
        this.binaryCollation = binaryCollation;
    }

    /** The dialect of {@code jdbcUrl}; {@link IllegalArgumentException} if the store does not support it. */
    public static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Dialect d : values()) {
            if (url.startsWith(d.urlPrefix) && url.length() > d.urlPrefix.length()) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported database URL '" + redacted(jdbcUrl)
                + "': use jdbc:h2:file:<path> (embedded) or jdbc:postgresql://<host>[:<port>]/<database>");
    }

    Map<String, String> flywayPlaceholders() {
        return Map.of("binary_collation", binaryCollation);
    }

    private static String redacted(String url) {
        int cut = url.indexOf('?');
        return cut < 0 ? url : url.substring(0, cut) + "?...";
    }
}

package io.interpose.manager.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the store does to make an embedded H2 file database durable and exclusive.
 *
 * <p>Durability: H2 2.x keeps committed changes in memory and a background thread writes them to the
 * file every {@code WRITE_DELAY} ms (default 500), so a kill -9 right after a commit can lose it (the
 * kill test in {@code H2DatabaseTest} fails that way). Two ways to close the gap were measured:
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: {@code TransactionStore.endTransaction} then calls {@code MVStore.commit()}
 *       for every transaction, but there is no background thread at all, so H2 never compacts the file
 *       while it is open: 10,000 one-row updates of a 500-row table grew the file from 0.4 MB to 300 MB.
 *   <li>(chosen) keep the background writer, and after every write transaction's commit run
 *       {@code CHECKPOINT} ("flushes the data to disk" in the H2 grammar), which calls
 *       {@code MVStore.commit()}: it writes the new chunk with {@code FileChannel.write} and waits for the
 *       store's serialization and save executors, so the data is in the operating system when
 *       {@link #flush} returns. The background thread keeps compacting.
 * </ul>
 * Either way the data survives the death of the process, not a power cut: that would take an fsync per
 * commit, which H2 does not offer. Old chunks are kept for H2's {@code RETENTION_TIME} (45 s) before
 * their space is reused, so bursts of writes temporarily grow the file (about 30 KB per write).
 *
 * <p>Exclusion: {@code FILE_LOCK=FS} takes an OS lock on the file, so another process fails to open it
 * (H2 error 90020). Within one JVM H2 would silently share an open database between two URLs naming the
 * same file, so {@link #claim} refuses the second opener. {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to
 * the store, so H2's own shutdown hook cannot close the database under in-flight requests.
 */
final class EmbeddedH2 {
    private static final String PREFIX = "jdbc:h2:file:";
    private static final Map<String, String> REQUIRED = Map.of(
            "FILE_LOCK", "FS",
            "DB_CLOSE_ON_EXIT", "FALSE");
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

    private EmbeddedH2() {
    }

    /**
     * {@code url} with the required settings added; {@link IllegalArgumentException} if it sets one of
     * them to another value.
     */
    static String durableUrl(String url) {
        String[] parts = url.split(";");
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                String[] kv = parts[i].split("=", 2);
                settings.put(kv[0].trim().toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1].trim() : "");
            }
        }
        REQUIRED.forEach((key, value) -> {
            String given = settings.putIfAbsent(key, value);
            if (given != null && !given.equalsIgnoreCase(value)) {
                throw new IllegalArgumentException("the store needs " + key + "=" + value + " for H2, the URL sets "
                        + key + "=" + given);
            }
        });
        StringBuilder result = new StringBuilder(parts[0]);
        settings.forEach((key, value) -> result.append(';').append(key).append('=').append(value));
        return result.toString();
    }

    /** Writes every committed change to the file before returning (see the class comment). */
    static void flush(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    /** The database file's base path (H2 adds {@code .mv.db}), absolute. */
    static Path file(String url) {
        String name = url.split(";")[0].substring(PREFIX.length());
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Path.of(name).toAbsolutePath().normalize();
    }

    /** Marks {@code file} open in this JVM; {@link StoreException} if it already is. */
    static Claim claim(Path file) {
        if (!OPEN_FILES.add(file)) {
            throw new StoreException("the H2 database " + file + ".mv.db is already open in this process;"
                    + " close the other Database first");
        }
        return () -> OPEN_FILES.remove(file);
    }

    /** Releases a {@link #claim}. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}

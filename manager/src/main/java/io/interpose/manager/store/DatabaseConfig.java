package io.interpose.manager.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives: a JDBC URL ({@code jdbc:h2:file:...} for the embedded default,
 * {@code jdbc:postgresql://...} for production), the credentials, and the connection pool size.
 * Validated on construction: anything else throws {@link IllegalArgumentException} naming the problem.
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {
    /** Pool size used when none is given (0). */
    public static final int DEFAULT_POOL_SIZE = 10;
    private static final int MAX_POOL_SIZE = 200;

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        poolSize = poolSize == 0 ? DEFAULT_POOL_SIZE : poolSize;
        Dialect.of(jdbcUrl);
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("pool size must be between 1 and " + MAX_POOL_SIZE + ", got " + poolSize);
        }
    }

    /** The default pool size. */
    public DatabaseConfig(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, 0);
    }

    /** The embedded H2 database {@code interpose.mv.db} in {@code dataDir} (created on first open). */
    public static DatabaseConfig embeddedH2(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("interpose");
        return new DatabaseConfig("jdbc:h2:file:" + file, "interpose", "");
    }

    public Dialect dialect() {
        return Dialect.of(jdbcUrl);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}

package io.interpose.manager.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The store's database: a HikariCP pool on the configured JDBC URL, with the schema migrated by Flyway
 * ({@code db/migration}) when it opens, and the one way to run a write transaction.
 *
 * <p>Write transactions are serializable on both databases. On PostgreSQL they run at isolation
 * SERIALIZABLE and are retried (up to ten times, after a random pause growing from 2 to 50 ms) when
 * PostgreSQL reports a serialization failure or a deadlock. On embedded H2, which exactly one process
 * may open, they run one at a time; each is written to the file before {@link #transaction} returns
 * (see {@link EmbeddedH2} for the durability and locking choices). Do not start a transaction from
 * inside another one.
 *
 * <p>Failure modes: {@link #open} throws {@link StoreException} when the database cannot be reached, is
 * already open (H2: by this or another process), or cannot be migrated; {@link #transaction} and
 * {@link #read} throw {@link StoreException} for SQL failures and rethrow the work's own runtime
 * exceptions unchanged after rolling back.
 */
public final class Database implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 10;
    private static final long MAX_PAUSE_MS = 50;
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01");
    private static final int H2_DATABASE_IN_USE = 90020;

    private final Dialect dialect;
    private final HikariDataSource pool;
    private final EmbeddedH2.Claim claim;
    private final ReentrantLock serialWrites = new ReentrantLock(true);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Dialect dialect, HikariDataSource pool, EmbeddedH2.Claim claim) {
        this.dialect = dialect;
        this.pool = pool;
        this.claim = claim;
    }

    /** Opens the pool and migrates the schema to the latest version. */
    public static Database open(DatabaseConfig config) {
        Dialect dialect = config.dialect();
        EmbeddedH2.Claim claim = dialect == Dialect.H2 ? EmbeddedH2.claim(EmbeddedH2.file(config.jdbcUrl())) : () -> { };
        try {
            HikariDataSource pool = connect(config, dialect);
            migrate(pool, dialect);
            return new Database(dialect, pool, claim);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The pool, for code that needs plain JDBC; writes should go through {@link #transaction}. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs {@code work} in one serializable transaction and commits; rolls back if it throws. When this
     * returns, the change survives a crash of this process (PostgreSQL: of the server too, with its default
     * {@code synchronous_commit}). {@code work} may run more than once (see {@link SqlWork}).
     */
    public <R> R transaction(SqlWork<R> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work);
            } catch (StoreException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StoreException("write failed " + attempt + " times because of concurrent writes: "
                            + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (for reads). */
    public <R> R read(SqlWork<R> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    /** Closes the pool (H2: closes the file, compacting it for at most 200 ms). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.close();
        } finally {
            claim.close();
        }
    }

    private <R> R attempt(SqlWork<R> work) {
        boolean serial = dialect == Dialect.H2;
        if (serial) {
            serialWrites.lock();
        }
        try (Connection connection = pool.getConnection()) {
            return inTransaction(connection, work);
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        } finally {
            if (serial) {
                serialWrites.unlock();
            }
        }
    }

    private <R> R inTransaction(Connection connection, SqlWork<R> work) throws SQLException {
        connection.setAutoCommit(false);
        if (dialect == Dialect.POSTGRESQL) {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        }
        try {
            R result = work.run(connection);
            connection.commit();
            if (dialect == Dialect.H2) {
                EmbeddedH2.flush(connection);
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean isConflict(StoreException e) {
        return e.sqlState().filter(CONFLICT_STATES::contains).isPresent();
    }

    private static void pause(int attempt) {
        try {
            long ceiling = Math.min(MAX_PAUSE_MS, 1L << attempt);
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a write", e);
        }
    }

    private static HikariDataSource connect(DatabaseConfig config, Dialect dialect) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("interpose-store");
        hikari.setJdbcUrl(dialect == Dialect.H2 ? EmbeddedH2.durableUrl(config.jdbcUrl()) : config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw openFailure(config, e);
        }
    }

    private static StoreException openFailure(DatabaseConfig config, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return new StoreException("the H2 database " + EmbeddedH2.file(config.jdbcUrl())
                        + ".mv.db is in use by another process; stop it or use another data directory", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new StoreException("cannot open the database " + config.jdbcUrl().split("[;?]")[0] + ": "
                + root.getMessage(), e);
    }

    private static void migrate(HikariDataSource pool, Dialect dialect) {
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .placeholders(dialect.flywayPlaceholders()).load().migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate the database schema: " + e.getMessage(), e);
        }
    }
}

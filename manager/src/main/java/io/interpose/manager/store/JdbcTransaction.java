package io.interpose.manager.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link ResourceStore.Transaction} on one JDBC connection inside {@link Database#transaction}. */
final class JdbcTransaction implements ResourceStore.Transaction {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Connection connection;

    JdbcTransaction(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<StoredResource> get(String path) {
        return run(c -> ResourceRows.find(c, path));
    }

    @Override
    public StoredResource create(StoredResource resource) {
        StoredResource created = ResourceRows.normalized(resource, 0);
        return run(c -> {
            if (ResourceRows.revision(c, created.path()).isPresent()) {
                throw alreadyExists(created);
            }
            try {
                ResourceRows.insert(c, created);
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw alreadyExists(created);
                }
                throw e;
            }
            return created;
        });
    }

    @Override
    public StoredResource update(StoredResource resource) {
        StoredResource updated = ResourceRows.normalized(resource, resource.revision() + 1);
        return run(c -> {
            if (!ResourceRows.update(c, updated, resource.revision())) {
                throw rejected(c, resource);
            }
            return updated;
        });
    }

    @Override
    public boolean delete(String path) {
        return run(c -> ResourceRows.delete(c, path));
    }

    @Override
    public List<String> referencedBy(String path) {
        return run(c -> ResourceRows.referencedBy(c, path));
    }

    @Override
    public List<StoredResource> descendants(String path) {
        return run(c -> ResourceRows.select(c, "WHERE path LIKE ? ESCAPE '!' ORDER BY path",
                ResourceRows.descendantsPattern(path)));
    }

    private static AlreadyExistsException alreadyExists(StoredResource r) {
        return new AlreadyExistsException(r.path(), "a " + r.kind() + " already exists at " + r.path());
    }

    private static RuntimeException rejected(Connection c, StoredResource r) throws SQLException {
        Optional<Long> stored = ResourceRows.revision(c, r.path());
        if (stored.isEmpty()) {
            return new NotFoundException(r.path(), "no " + r.kind() + " at " + r.path());
        }
        return new StaleRevisionException(r.path(), "revision " + r.revision() + " of " + r.path()
                + " is stale: the stored revision is " + stored.get() + "; read it again and reapply the change");
    }

    private <R> R run(SqlWork<R> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }
}

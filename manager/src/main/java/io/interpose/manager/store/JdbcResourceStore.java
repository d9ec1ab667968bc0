package io.interpose.manager.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ResourceStore} on a {@link Database} (embedded H2 or PostgreSQL). Writes are serializable
 * transactions; {@link #write} returns only after the commit, so an acknowledged write survives a crash.
 * On a serialization conflict the whole {@code work} function is run again (up to a few times) in a
 * fresh transaction, so it must not have side effects outside the transaction.
 *
 * <p>Failure modes: {@link StoreException} when the database fails; {@link IllegalArgumentException}
 * for a cursor that did not come from this store or a page size below 1; the {@link ResourceStore.Transaction}
 * exceptions ({@link AlreadyExistsException}, {@link StaleRevisionException}, {@link NotFoundException})
 * from inside {@code work}, after the transaction has been rolled back.
 *
 * <p>What {@code create} and {@code update} return is what {@link #get} will read back: the body
 * re-parsed from its stored JSON text, the references in their order without duplicates.
 * {@link #close()} closes the database.
 */
public final class JdbcResourceStore implements ResourceStore {
    private final Database database;

    public JdbcResourceStore(Database database) {
        this.database = database;
    }

    @Override
    public Optional<StoredResource> get(String path) {
        return database.read(c -> ResourceRows.find(c, path));
    }

    @Override
    public Page list(String kind, String parentPath, String cursor, int pageSize) {
        PageCursor.checkPageSize(pageSize);
        Optional<String> after = PageCursor.decode(cursor);
        boolean underParent = parentPath != null && !parentPath.isEmpty();
        String scope = underParent ? "WHERE kind = ? AND parent_path = ?" : "WHERE kind = ?";
        List<Object> scopeParams = underParent ? List.of(kind, parentPath) : List.of(kind);
        List<Object> pageParams = new ArrayList<>(scopeParams);
        after.ifPresent(pageParams::add);
        pageParams.add(pageSize + 1);
        String clause = scope + (after.isPresent() ? " AND path > ?" : "") + " ORDER BY path LIMIT ?";
        return database.read(c -> page(ResourceRows.select(c, clause, pageParams.toArray()), pageSize,
                ResourceRows.count(c, scope, scopeParams.toArray())));
    }

    @Override
    public List<StoredResource> listAll(String kind) {
        return database.read(c -> ResourceRows.select(c, "WHERE kind = ? ORDER BY path", kind));
    }

    @Override
    public <R> R write(Function<Transaction, R> work) {
        return database.transaction(c -> work.apply(new JdbcTransaction(c)));
    }

    @Override
    public void appendAudit(AuditEntry entry) {
        database.transaction(c -> AuditRows.append(c, entry));
    }

    @Override
    public AuditPage auditLog(String cursor, int pageSize) {
        PageCursor.checkPageSize(pageSize);
        Optional<Long> before = PageCursor.decodeNumber(cursor);
        return database.read(c -> AuditRows.page(c, before, pageSize));
    }

    @Override
    public void close() {
        database.close();
    }

    private static Page page(List<StoredResource> rows, int pageSize, long total) {
        if (rows.size() <= pageSize) {
            return new Page(rows, (int) total, "");
        }
        List<StoredResource> results = rows.subList(0, pageSize);
        return new Page(results, (int) total, PageCursor.encode(results.get(pageSize - 1).path()));
    }
}

package io.interpose.manager.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The durable home of every API resource. All writes happen inside {@link #write}, which runs its work
 * in one database transaction and commits before returning: when {@code write} returns, the change
 * survives a crash of the process. Revisions start at 0 on create and go up by one on every update.
 */
public interface ResourceStore extends AutoCloseable {

    Optional<StoredResource> get(String path);

    /**
     * One page of the resources of {@code kind}, ordered by path. {@code parentPath} limits the page to
     * direct children of that path; empty means all of the kind. {@code cursor} is opaque: null or empty
     * for the first page, then {@link Page#cursor()} of the previous page.
     */
    Page list(String kind, String parentPath, String cursor, int pageSize);

    /** Every resource of {@code kind}, ordered by path (for realization and startup). */
    List<StoredResource> listAll(String kind);

    /** Runs {@code work} in one transaction; commits if it returns, rolls back if it throws. */
    <R> R write(Function<Transaction, R> work);

    /** Appends one entry to the audit log and commits it. */
    void appendAudit(AuditEntry entry);

    /** Audit entries, newest first; cursor as for {@link #list}. */
    AuditPage auditLog(String cursor, int pageSize);

    @Override
    void close();

    record AuditPage(List<AuditEntry> results, int resultCount, String cursor) {
        public AuditPage {
            results = List.copyOf(results);
            cursor = cursor == null ? "" : cursor;
        }
    }

    record Page(List<StoredResource> results, int resultCount, String cursor) {
        public Page {
            results = List.copyOf(results);
            cursor = cursor == null ? "" : cursor;
        }
    }

    /** Operations allowed inside a write. Reads here see the transaction's own writes. */
    interface Transaction {
        Optional<StoredResource> get(String path);

        /** Inserts {@code resource} with revision 0. Throws {@link AlreadyExistsException} if the path is taken. */
        StoredResource create(StoredResource resource);

        /**
         * Replaces the resource at {@code resource.path()} if its stored revision equals
         * {@code resource.revision()}, and stores it with revision + 1. Throws
         * {@link StaleRevisionException} if the revision differs, {@link NotFoundException} if absent.
         */
        StoredResource update(StoredResource resource);

        /** Deletes the resource at {@code path}; false if there was none. */
        boolean delete(String path);

        /** Paths of resources whose {@code references} contain {@code path}, ordered. */
        List<String> referencedBy(String path);

        /** Direct and indirect children: every resource whose path starts with {@code path + "/"}. */
        List<StoredResource> descendants(String path);
    }
}

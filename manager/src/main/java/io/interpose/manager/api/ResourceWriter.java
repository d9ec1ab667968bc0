package io.interpose.manager.api;

import io.interpose.manager.store.AlreadyExistsException;
import io.interpose.manager.store.ResourceStore;
import io.interpose.manager.store.ResourceStore.Transaction;
import io.interpose.manager.store.StaleRevisionException;
import io.interpose.manager.store.StoredResource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The write semantics every resource shares, in one transaction each:
 * <ul>
 *   <li>POST creates; the path must be free.
 *   <li>PUT creates or replaces; replacing needs the current {@code _revision} (else 412).
 *   <li>PATCH creates or replaces without a revision.
 *   <li>DELETE refuses while other resources reference the resource or its children (409 naming them);
 *       children go with their parent only when the caller allows it.
 * </ul>
 * A {@link Check} runs inside the transaction, so references it verifies cannot vanish before commit.
 */
public final class ResourceWriter {
    private final ResourceStore store;
    private final Clock clock;

    public ResourceWriter(ResourceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Verifies, inside the write's transaction, what the write depends on; throws ApiException if not. */
    @FunctionalInterface
    public interface Check {
        void verify(Transaction tx);

        Check NONE = tx -> {};
    }

    /** One write: where, what, who, and what it points at. */
    public record Write(String kind, String module, String path, String parentPath, CommonFields common,
            com.fasterxml.jackson.databind.node.ObjectNode body, List<String> references, String user, Check check) {}

    public enum Mode { POST, PUT, PATCH }

    public StoredResource write(Write w, Mode mode) {
        return translate(w.module(), w.path(), () -> store.write(tx -> {
            w.check().verify(tx);
            Optional<StoredResource> existing = tx.get(w.path());
            if (existing.isEmpty()) {
                return tx.create(fresh(w));
            }
            if (mode == Mode.POST) {
                throw new ApiException(409, ErrorCode.ALREADY_EXISTS, w.module(), "An object with path " + w.path() + " already exists");
            }
            StoredResource current = existing.get();
            long revision = mode == Mode.PATCH ? current.revision() : requiredRevision(w, current);
            StoredResource next = new StoredResource(current.path(), current.kind(), current.id(), current.parentPath(), revision,
                    current.createTime(), current.createUser(), clock.millis(), w.user(), false, w.body(), w.references());
            return tx.update(next);
        }));
    }

    private static long requiredRevision(Write w, StoredResource current) {
        return w.common().revision().orElseThrow(() -> new ApiException(412, ErrorCode.STALE_REVISION, w.module(),
                "The object " + w.path() + " exists; an update must carry its current _revision (" + current.revision() + ")"));
    }

    private StoredResource fresh(Write w) {
        long now = clock.millis();
        return new StoredResource(w.path(), w.kind(), w.common().id(), w.parentPath(), 0, now, w.user(), now, w.user(), false,
                w.body(), w.references());
    }

    /**
     * Deletes {@code path} and, when {@code withChildren}, everything below it. Refused with 409 while
     * something outside the deleted set references any of it, or while children exist and
     * {@code withChildren} is false. Returns what was deleted (parent first); empty if nothing was there.
     */
    public List<StoredResource> delete(String module, String path, boolean withChildren, Check check) {
        return translate(module, path, () -> store.write(tx -> {
            Optional<StoredResource> target = tx.get(path);
            if (target.isEmpty()) {
                return List.<StoredResource>of();
            }
            check.verify(tx);
            List<StoredResource> doomed = new ArrayList<>(List.of(target.get()));
            List<StoredResource> children = tx.descendants(path);
            if (!children.isEmpty() && !withChildren) {
                throw inUse(module, path, children.stream().map(StoredResource::path).toList(), "it has children; delete them first or use cascade=true");
            }
            doomed.addAll(children);
            Set<String> doomedPaths = new HashSet<>(doomed.stream().map(StoredResource::path).toList());
            List<String> dependents = doomed.stream().flatMap(r -> tx.referencedBy(r.path()).stream())
                    .filter(p -> !doomedPaths.contains(p)).distinct().sorted().toList();
            if (!dependents.isEmpty()) {
                throw inUse(module, path, dependents, "other objects refer to it");
            }
            for (int i = doomed.size() - 1; i >= 0; i--) {
                tx.delete(doomed.get(i).path());
            }
            return doomed;
        }));
    }

    private static ApiException inUse(String module, String path, List<String> dependents, String why) {
        List<ApiException.RelatedError> related = dependents.stream()
                .map(p -> new ApiException.RelatedError(ErrorCode.IN_USE, module, "Referenced by " + p))
                .toList();
        return new ApiException(409, ErrorCode.IN_USE, module, "Cannot delete " + path + ": " + why, related);
    }

    private static <R> R translate(String module, String path, java.util.function.Supplier<R> work) {
        try {
            return work.get();
        } catch (StaleRevisionException e) {
            throw new ApiException(412, ErrorCode.STALE_REVISION, module,
                    "The object " + path + " was changed by someone else: " + e.getMessage() + ". Read it again and retry");
        } catch (AlreadyExistsException e) {
            throw new ApiException(409, ErrorCode.ALREADY_EXISTS, module, "An object with path " + path + " already exists");
        }
    }
}

package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResourceStore} on a {@link Database} must do, run against each database by a
 * subclass that provides an empty, migrated one.
 */
abstract class ResourceStoreContract {
    static final String GROUP = "Group";
    static final String DOMAIN = "/infra/domains/default";

    protected ResourceStore store;
    private Database database;
    private final List<ExecutorService> executors = new ArrayList<>();

    /** An empty, migrated database. */
    protected abstract Database emptyDatabase();

    /** Called after each test with the database {@link #emptyDatabase} returned. */
    protected abstract void release(Database database);

    @BeforeEach
    void openStore() {
        database = emptyDatabase();
        store = new JdbcResourceStore(database);
    }

    @AfterEach
    void releaseStore() {
        executors.forEach(ExecutorService::shutdownNow);
        release(database);
    }

    static ObjectNode body(String displayName) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("display_name", displayName).put("resource_type", GROUP);
        body.putArray("tags").addObject().put("scope", "env").put("tag", "prod ✓");
        return body;
    }

    static StoredResource resource(String path, String kind, String... references) {
        int slash = path.lastIndexOf('/');
        return new StoredResource(path, kind, path.substring(slash + 1), path.substring(0, slash), 0, 1_000, "admin",
                1_000, "admin", false, body(path.substring(slash + 1)), Arrays.asList(references));
    }

    static StoredResource group(String id, String... references) {
        return resource(DOMAIN + "/groups/" + id, GROUP, references);
    }

    private StoredResource create(StoredResource r) {
        return store.write(tx -> tx.create(r));
    }

    private boolean delete(String path) {
        return store.write(tx -> tx.delete(path));
    }

    private List<String> referencedBy(String path) {
        return store.write(tx -> tx.referencedBy(path));
    }

    private List<StoredResource> descendants(String path) {
        return store.write(tx -> tx.descendants(path));
    }

    @Test
    void createdResourceReadsBackAtRevisionZero() {
        StoredResource given = new StoredResource(DOMAIN + "/groups/web", GROUP, "web", DOMAIN, 7, 1_000, "alice",
                2_000, "bob", true, body("Web"), List.of("/b", "/a", "/b"));

        StoredResource created = create(given);

        assertThat(created.revision()).isZero();
        assertThat(created.references()).containsExactly("/b", "/a");
        assertThat(store.get(given.path())).contains(created);
        assertThat(created.body()).isEqualTo(given.body());
        assertThat(created.markedForDelete()).isTrue();
        assertThat(store.get("/infra/domains/default/groups/none")).isEmpty();
    }

    @Test
    void eachUpdateStoresTheNextRevisionAndTheNewBody() {
        StoredResource v0 = create(group("web"));

        StoredResource v1 = store.write(tx -> tx.update(v0.modified(body("Web 1"), List.of("/x"), "carol", 5_000)));
        StoredResource v2 = store.write(tx -> tx.update(v1.modified(body("Web 2"), List.of(), "dave", 6_000)));

        assertThat(v1.revision()).isEqualTo(1);
        assertThat(v2.revision()).isEqualTo(2);
        StoredResource stored = store.get(v0.path()).orElseThrow();
        assertThat(stored).isEqualTo(v2);
        assertThat(stored.body().get("display_name").asText()).isEqualTo("Web 2");
        assertThat(stored.lastModifiedUser()).isEqualTo("dave");
        assertThat(stored.createUser()).isEqualTo("admin");
        assertThat(stored.references()).isEmpty();
    }

    @Test
    void updateWithAStaleRevisionIsRejectedAndChangesNothing() {
        StoredResource v0 = create(group("web"));
        StoredResource v1 = store.write(tx -> tx.update(v0.modified(body("first"), List.of("/a"), "carol", 5_000)));

        assertThatThrownBy(() -> store.write(tx -> tx.update(v0.modified(body("second"), List.of("/b"), "dave", 6_000))))
                .isInstanceOf(StaleRevisionException.class)
                .hasMessageContaining("revision 0 of " + v0.path() + " is stale")
                .hasMessageContaining("stored revision is 1")
                .satisfies(e -> assertThat(((StaleRevisionException) e).path()).isEqualTo(v0.path()));
        assertThat(store.get(v0.path())).contains(v1);
        assertThat(referencedBy("/b")).isEmpty();
    }

    @Test
    void updatingAnAbsentResourceThrowsNotFound() {
        assertThatThrownBy(() -> store.write(tx -> tx.update(group("ghost"))))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining(DOMAIN + "/groups/ghost");
        assertThat(store.get(DOMAIN + "/groups/ghost")).isEmpty();
    }

    @Test
    void creatingOnATakenPathThrowsAlreadyExistsAndKeepsTheOriginal() {
        StoredResource original = create(group("web", "/a"));

        assertThatThrownBy(() -> create(new StoredResource(original.path(), GROUP, "web", DOMAIN, 0, 9, "eve", 9, "eve",
                false, body("impostor"), List.of("/b"))))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("already exists at " + original.path());
        assertThat(store.get(original.path())).contains(original);
    }

    @Test
    void deleteRemovesTheResourceAndTheReferencesItHeld() {
        StoredResource rule = create(resource(DOMAIN + "/policies/p/rules/r", "Rule", DOMAIN + "/groups/web"));

        assertThat(delete(rule.path())).isTrue();
        assertThat(delete(rule.path())).isFalse();

        assertThat(store.get(rule.path())).isEmpty();
        assertThat(referencedBy(DOMAIN + "/groups/web")).isEmpty();
    }

    @Test
    void referencedByListsTheDependentsInPathOrderAndFollowsUpdates() {
        String web = DOMAIN + "/groups/web";
        create(resource(DOMAIN + "/policies/p/rules/r2", "Rule", web, "/profiles/gold"));
        StoredResource r1 = create(resource(DOMAIN + "/policies/p/rules/r1", "Rule", web));
        create(resource(DOMAIN + "/policies/p/rules/r3", "Rule", "/profiles/gold"));

        assertThat(referencedBy(web))
                .containsExactly(DOMAIN + "/policies/p/rules/r1", DOMAIN + "/policies/p/rules/r2");

        store.write(tx -> tx.update(r1.modified(r1.body(), List.of("/profiles/gold"), "bob", 2_000)));

        assertThat(referencedBy(web)).containsExactly(DOMAIN + "/policies/p/rules/r2");
        assertThat(referencedBy("/profiles/gold")).containsExactly(
                DOMAIN + "/policies/p/rules/r1", DOMAIN + "/policies/p/rules/r2", DOMAIN + "/policies/p/rules/r3");
    }

    @Test
    void descendantsAreEveryResourceBelowThePathAndNothingBeside() {
        String p = DOMAIN + "/policies/p_1";
        create(resource(p, "Policy"));
        create(resource(p + "/rules/a", "Rule"));
        create(resource(p + "/rules/a/deeper", "Thing"));
        create(resource(DOMAIN + "/policies/p_10/rules/b", "Rule"));
        create(resource(DOMAIN + "/policies/pX1/rules/c", "Rule"));
        create(resource(DOMAIN + "/policies/p%1/rules/d", "Rule"));

        List<StoredResource> below = descendants(p);

        assertThat(below).extracting(StoredResource::path).containsExactly(p + "/rules/a", p + "/rules/a/deeper");
        assertThat(descendants(DOMAIN + "/policies/p%1"))
                .extracting(StoredResource::path).containsExactly(DOMAIN + "/policies/p%1/rules/d");
    }

    @Test
    void pagesVisitEveryResourceOfTheKindOnceInPathOrder() {
        List<String> expected = new ArrayList<>();
        store.write(tx -> {
            for (int i = 0; i < 23; i++) {
                expected.add(tx.create(group(String.format("g%02d", 22 - i))).path());
            }
            tx.create(resource("/infra/domains/other/groups/z", GROUP));
            tx.create(resource(DOMAIN + "/policies/p", "Policy"));
            return null;
        });
        expected.add("/infra/domains/other/groups/z");
        expected.sort(String::compareTo);

        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            ResourceStore.Page page = store.list(GROUP, "", cursor, 5);
            assertThat(page.resultCount()).isEqualTo(24);
            assertThat(page.results()).hasSizeLessThanOrEqualTo(5);
            page.results().forEach(r -> seen.add(r.path()));
            cursor = page.cursor();
            pages++;
        } while (!cursor.isEmpty());

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void pagesUnderAParentCountOnlyItsChildren() {
        store.write(tx -> {
            IntStream.range(0, 4).forEach(i -> tx.create(group("g" + i)));
            tx.create(resource("/infra/domains/other/groups/z", GROUP));
            return null;
        });

        ResourceStore.Page first = store.list(GROUP, DOMAIN + "/groups", null, 3);
        ResourceStore.Page second = store.list(GROUP, DOMAIN + "/groups", first.cursor(), 3);

        assertThat(first.resultCount()).isEqualTo(4);
        assertThat(first.results()).extracting(StoredResource::id).containsExactly("g0", "g1", "g2");
        assertThat(second.results()).extracting(StoredResource::id).containsExactly("g3");
        assertThat(second.cursor()).isEmpty();
        assertThat(store.list(GROUP, "/nowhere", "", 3)).isEqualTo(new ResourceStore.Page(List.of(), 0, ""));
    }

    @Test
    void aPageThatEndsExactlyAtTheLastResourceHasNoCursor() {
        store.write(tx -> {
            IntStream.range(0, 4).forEach(i -> tx.create(group("g" + i)));
            return null;
        });

        assertThat(store.list(GROUP, "", "", 4).cursor()).isEmpty();
        assertThat(store.list(GROUP, "", "", 3).cursor()).isNotEmpty();
    }

    @Test
    void aCursorThatDidNotComeFromTheStoreIsRejected() {
        assertThatThrownBy(() -> store.list(GROUP, "", "not base64!", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cursor");
        assertThatThrownBy(() -> store.auditLog(PageCursor.encode("seven"), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cursor");
        assertThatThrownBy(() -> store.list(GROUP, "", "", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listAllOrdersByCodePointWhateverTheDatabaseCollation() {
        List<String> paths = List.of("/a/B", "/a/a", "/a/a-b", "/a/a_b", "/a/a/b", "/a/A", "/a/a.b", "/a/é", "/a/z");
        store.write(tx -> {
            paths.forEach(p -> tx.create(resource(p, "Thing", "/ref" + p)));
            tx.create(resource("/a/other", "Other"));
            return null;
        });

        List<StoredResource> all = store.listAll("Thing");

        assertThat(all).extracting(StoredResource::path).containsExactlyElementsOf(paths.stream().sorted().toList());
        assertThat(all).allSatisfy(r -> assertThat(r.references()).containsExactly("/ref" + r.path()));
    }

    @Test
    void listAllLoadsTheReferencesOfManyResources() {
        store.write(tx -> {
            IntStream.range(0, 1_100).forEach(i -> tx.create(group(String.format("g%04d", i), "/t/" + i, "/t/all")));
            return null;
        });

        List<StoredResource> all = store.listAll(GROUP);

        assertThat(all).hasSize(1_100);
        assertThat(all.get(1_099).references()).containsExactly("/t/1099", "/t/all");
        assertThat(referencedBy("/t/all")).hasSize(1_100);
    }

    @Test
    void workThatThrowsLeavesNothingBehind() {
        StoredResource kept = create(group("kept"));

        assertThatThrownBy(() -> store.write(tx -> {
            tx.create(group("new", "/x"));
            tx.update(kept.modified(body("changed"), List.of("/x"), "bob", 2_000));
            tx.delete(kept.path());
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(store.get(DOMAIN + "/groups/new")).isEmpty();
        assertThat(store.get(kept.path())).contains(kept);
        assertThat(referencedBy("/x")).isEmpty();
    }

    @Test
    void readsInsideAWriteSeeItsOwnChanges() {
        Optional<StoredResource> seen = store.write(tx -> {
            tx.create(group("web", "/x"));
            return tx.get(DOMAIN + "/groups/web");
        });

        assertThat(seen).map(StoredResource::references).contains(List.of("/x"));
    }

    @Test
    void ofTwoConcurrentUpdatesFromTheSameRevisionExactlyOneWins() throws Exception {
        StoredResource current = create(group("contested"));
        for (int round = 1; round <= 10; round++) {
            StoredResource base = current;
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<StoredResource>> attempts = runTogether(2, n -> {
                start.await(10, TimeUnit.SECONDS);
                return store.write(tx -> tx.update(base.modified(body("writer " + n), List.of("/w" + n), "u" + n, 1)));
            });
            List<StoredResource> winners = new ArrayList<>();
            for (Future<StoredResource> attempt : attempts) {
                try {
                    winners.add(attempt.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StaleRevisionException.class);
                }
            }
            assertThat(winners).hasSize(1).allSatisfy(w -> assertThat(store.get(w.path())).contains(w));
            current = winners.get(0);
            assertThat(current.revision()).isEqualTo(round);
        }
    }

    @Test
    void concurrentReadModifyWritesLoseNoUpdate() throws Exception {
        StoredResource counter = create(group("counter"));
        int threads = 4;
        int increments = 10;

        List<Future<Void>> workers = runTogether(threads, n -> {
            for (int done = 0; done < increments; ) {
                try {
                    store.write(tx -> {
                        StoredResource r = tx.get(counter.path()).orElseThrow();
                        ObjectNode next = r.body().deepCopy().put("count", r.body().path("count").asInt() + 1);
                        return tx.update(r.modified(next, List.of(), "u" + n, 1));
                    });
                    done++;
                } catch (StaleRevisionException e) {
                    // another writer got there first: read again and retry, as an API client would
                }
            }
            return null;
        });
        for (Future<Void> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        StoredResource last = store.get(counter.path()).orElseThrow();
        assertThat(last.body().get("count").asInt()).isEqualTo(threads * increments);
        assertThat(last.revision()).isEqualTo(threads * increments);
    }

    @Test
    void auditEntriesPageNewestFirst() {
        for (int i = 0; i < 12; i++) {
            store.appendAudit(new AuditEntry(1_000 + i, "alice", "PUT", "/p/" + i, 200, i == 0 ? null : "ok " + i));
        }

        List<AuditEntry> seen = new ArrayList<>();
        String cursor = "";
        List<Integer> sizes = new ArrayList<>();
        do {
            ResourceStore.AuditPage page = store.auditLog(cursor, 5);
            assertThat(page.resultCount()).isEqualTo(12);
            sizes.add(page.results().size());
            seen.addAll(page.results());
            cursor = page.cursor();
        } while (!cursor.isEmpty());

        assertThat(sizes).containsExactly(5, 5, 2);
        assertThat(seen).extracting(AuditEntry::path)
                .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "/p/" + (11 - i)).toList());
        assertThat(seen.get(0)).isEqualTo(new AuditEntry(1_011, "alice", "PUT", "/p/11", 200, "ok 11"));
        assertThat(seen.get(11).detail()).isEmpty();
    }

    @Test
    void anEmptyAuditLogHasOneEmptyPage() {
        assertThat(store.auditLog(null, 10)).isEqualTo(new ResourceStore.AuditPage(List.of(), 0, ""));
    }

    private <T> List<Future<T>> runTogether(int threads, Worker<T> worker) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        executors.add(pool);
        return IntStream.range(0, threads).mapToObj(n -> pool.submit((Callable<T>) () -> worker.run(n))).toList();
    }

    @FunctionalInterface
    private interface Worker<T> {
        T run(int n) throws Exception;
    }
}

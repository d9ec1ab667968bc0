package io.interpose.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.interpose.manager.identity.ApiToken;
import io.interpose.manager.identity.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 database: it keeps its data across restarts and crashes, and has one owner at a time. */
class H2DatabaseTest {
    @TempDir
    Path dataDir;

    private Database open() {
        return Database.open(DatabaseConfig.embeddedH2(dataDir));
    }

    @Test
    void aReopenedDatabaseHoldsEverythingThatWasWritten() {
        StoredResource group = ResourceStoreContract.group("web", "/profiles/gold");
        try (Database database = open()) {
            ResourceStore store = new JdbcResourceStore(database);
            StoredResource created = store.write(tx -> tx.create(group));
            store.write(tx -> tx.update(created.modified(created.body(), created.references(), "bob", 2_000)));
            store.appendAudit(new AuditEntry(5, "bob", "PUT", group.path(), 200, "updated"));
            UserStore users = new JdbcUserStore(database);
            users.create(JdbcUserStoreContract.partner("alice", 0));
            users.saveToken(new ApiToken("t1", "alice", "hash", 1, 0));
        }

        try (Database database = open()) {
            ResourceStore store = new JdbcResourceStore(database);
            StoredResource stored = store.get(group.path()).orElseThrow();
            assertThat(stored.revision()).isEqualTo(1);
            assertThat(stored.references()).containsExactly("/profiles/gold");
            assertThat(store.write(tx -> tx.update(stored)).revision()).isEqualTo(2);
            assertThat(store.auditLog("", 10).results()).containsExactly(
                    new AuditEntry(5, "bob", "PUT", group.path(), 200, "updated"));
            UserStore users = new JdbcUserStore(database);
            assertThat(users.find("alice")).contains(JdbcUserStoreContract.partner("alice", 0));
            assertThat(users.findTokenBySecretHash("hash")).isPresent();
        }
    }

    @Test
    void aSecondOpenInThisProcessIsRefusedUntilTheFirstCloses() {
        Database first = open();

        assertThatThrownBy(this::open)
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dataDir.resolve("interpose.mv.db").toString())
                .hasMessageContaining("already open in this process");

        first.close();
        open().close();
    }

    @Test
    void anotherProcessCannotOpenTheFileWhileItIsOpen() throws Exception {
        Database first = open();
        try {
            assertThat(runToEnd(StoreProcess.start("open", dataDir)))
                    .anyMatch(line -> line.startsWith("FAILED ") && line.contains("in use by another process"));
        } finally {
            first.close();
        }

        open().close(); // the OS lock was released: re-locking it in this JVM would throw otherwise
    }

    @Test
    void everyWriteAcknowledgedBeforeAKillMinus9IsThere() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            Process writer = StoreProcess.start("write", dataDir);
            int lastAck;
            try (BufferedReader out = reader(writer)) {
                lastAck = readAcks(out, 50);
                writer.toHandle().destroyForcibly(); // SIGKILL, leaving the pipe open to read what was acknowledged
                lastAck = Math.max(lastAck, readAcks(out, Integer.MAX_VALUE));
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                writer.destroyForcibly();
            }
            assertThat(writer.exitValue()).isEqualTo(137);

            try (ResourceStore store = new JdbcResourceStore(open())) {
                List<StoredResource> items = store.listAll(StoreProcess.CRASH).stream()
                        .filter(r -> r.path().startsWith("/crash/items/")).toList();
                int counter = store.get(StoreProcess.COUNTER).orElseThrow().body().get("count").asInt();
                assertThat(items.size()).isGreaterThan(lastAck).isEqualTo(counter);
                assertThat(items.stream().map(StoredResource::id).collect(Collectors.toSet()))
                        .hasSize(counter)
                        .allSatisfy(id -> assertThat(Integer.parseInt(id)).isBetween(0, counter - 1));
            }
        });
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads until {@code enough} acknowledgements or the end; the highest acknowledged item, -1 if none. */
    private static int readAcks(BufferedReader out, int enough) throws IOException {
        int last = -1;
        int count = 0;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ACK ") && line.endsWith(" .")) {
                last = Integer.parseInt(line.substring(4, line.length() - 2));
                if (++count >= enough) {
                    break;
                }
            }
        }
        return last;
    }

    private static List<String> runToEnd(Process process) throws Exception {
        try (BufferedReader out = reader(process)) {
            List<String> lines = out.lines().toList();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return lines;
        } finally {
            process.destroyForcibly();
        }
    }
}

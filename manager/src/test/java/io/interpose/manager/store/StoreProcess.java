package io.interpose.manager.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A second JVM for the H2 tests that need one: {@code open DIR} tries to open the embedded database in
 * DIR and prints {@code OPENED} or {@code FAILED <message>}; {@code write DIR} writes resources until it
 * is killed, printing {@code ACK <n> .} after each write has returned. Other output (logging) has no
 * such prefix.
 */
public final class StoreProcess {
    static final String CRASH = "Crash";
    static final String COUNTER = "/crash/counter";

    private StoreProcess() {
    }

    public static void main(String[] args) {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path dir = Path.of(args[1]);
        if (args[0].equals("open")) {
            open(dir);
        } else {
            writeUntilKilled(dir);
        }
    }

    /** Starts this class in a new JVM with the test classpath; stdout and stderr merged. */
    static Process start(String mode, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, StoreProcess.class.getName(), mode,
                dir.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void open(Path dir) {
        try {
            Database.open(DatabaseConfig.embeddedH2(dir)).close();
            System.out.println("OPENED");
        } catch (StoreException e) {
            System.out.println("FAILED " + e.getMessage());
        }
        System.out.flush();
    }

    private static void writeUntilKilled(Path dir) {
        ResourceStore store = new JdbcResourceStore(Database.open(DatabaseConfig.embeddedH2(dir)));
        store.write(tx -> tx.create(resource(COUNTER, 0)));
        for (int n = 0; ; n++) {
            int item = n;
            store.write(tx -> {
                tx.create(resource("/crash/items/" + item, item));
                StoredResource counter = tx.get(COUNTER).orElseThrow();
                return tx.update(counter.modified(body(item + 1), List.of(), "crash", item));
            });
            System.out.println("ACK " + item + " .");
            System.out.flush();
        }
    }

    private static StoredResource resource(String path, int count) {
        int slash = path.lastIndexOf('/');
        return new StoredResource(path, CRASH, path.substring(slash + 1), path.substring(0, slash), 0, count, "crash",
                count, "crash", false, body(count), List.of());
    }

    private static ObjectNode body(int count) {
        return JsonNodeFactory.instance.objectNode().put("count", count);
    }
}

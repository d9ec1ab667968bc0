package io.interpose.cli;

import static org.awaitility.Awaitility.await;

import io.interpose.manager.testing.ApiClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The {@code interpose} command run as a real child JVM, as a user would run it. */
final class ManagerProcess implements AutoCloseable {
    static final String PASSWORD = "durability-test-admin-password";
    private final Process process;
    private final Path dataDir;
    private final int port;

    private ManagerProcess(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts {@code interpose <command> --data dataDir --port port} and waits until it is healthy. */
    static ManagerProcess start(Path dataDir, int port, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dinterpose.home=" + Path.of("").toAbsolutePath().getParent(),
                "-cp", System.getProperty("java.class.path"), Interpose.class.getName()));
        args.addAll(List.of(command));
        args.addAll(List.of("--data", dataDir.toString(), "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-" + command[0] + ".log").toFile());
        builder.environment().put("INTERPOSE_ADMIN_PASSWORD", PASSWORD);
        Files.createDirectories(dataDir);
        ManagerProcess started = new ManagerProcess(builder.start(), dataDir, port);
        started.awaitHealthy();
        return started;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String url() {
        return "https://127.0.0.1:" + port;
    }

    ApiClient admin() {
        return ApiClient.anonymous(url(), Optional.of(dataDir.resolve("tls").resolve("ca.pem"))).withBasic("admin", PASSWORD);
    }

    private void awaitHealthy() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue());
            }
            return Files.exists(dataDir.resolve("tls").resolve("ca.pem")) && healthy();
        });
    }

    private boolean healthy() {
        try {
            HttpClient client = HttpClient.newBuilder().sslContext(ApiClient.trusting(dataDir.resolve("tls").resolve("ca.pem"))).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9: no shutdown hook runs, nothing is flushed by the JVM. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A clean stop (SIGTERM, as Ctrl-C would): returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    /**
     * Stops the process cleanly (SIGTERM, so that a lab stops its service VMs too), and kills it if it has
     * not stopped within 60 s. A test that wants a crash calls {@link #kill()} itself.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

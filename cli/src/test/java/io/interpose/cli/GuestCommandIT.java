package io.interpose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.interpose.guest.linux.Tmpfs;
import io.interpose.manager.testing.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an administrator runs the lab, then the real Linux thin agent ({@code interpose guest}) as
 * one of its Linux VMs, watching a file system of this machine. A program writes the EICAR test file
 * there; the sample service, told of the write, reads the file through the agent, finds EICAR and
 * orders further access denied: the program's next open fails with EPERM, and the security event names
 * the real file. Once the agent stops, nothing is held any more, and the VM's simulated guest, which stood
 * aside while the real agent ran, comes back. Needs root, as the agent does.
 */
class GuestCommandIT {

    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    @TempDir
    Path dir;

    @Test
    void aRealAgentStandsInForALabVmAndTheSampleServiceDeniesTheEicarFileAProgramWrote() throws Exception {
        assumeTrue(Tmpfs.runningAsRoot(), "the thin agent needs root");
        Path data = dir.resolve("lab");
        try (ManagerProcess lab = ManagerProcess.start(data, ManagerProcess.freePort(), "lab"); Tmpfs tmpfs = Tmpfs.mount()) {
            ApiClient admin = lab.admin();
            String vm = externalId(admin, "build-01");
            Path connection = data.resolve("guests").resolve(vm + ".json");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(connection));
            int metrics = ManagerProcess.freePort();
            Process agent = start("guest", "--lab-vm", "build-01", "--data", data.toString(), "--watch", tmpfs.root().toString(),
                    "--quarantine", dir.resolve("quarantine").toString(), "--metrics-port", Integer.toString(metrics));
            Path denied;
            try {
                denied = awaitDeniedAfterWriting(tmpfs.root());
                await().atMost(Duration.ofSeconds(30)).until(() -> securityEventFor(admin, vm, denied));
                assertThat(simulatedGuest(admin, vm).path("taken_over").asBoolean()).as("the simulated guest stood aside").isTrue();
                assertThat(get("http://127.0.0.1:" + metrics + "/metrics")).containsPattern(
                        "interpose_guest_files_denied_total\\{vm=\"" + vm + "\"} [1-9]");
            } finally {
                agent.destroy();
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
            }
            assertThat(run("cat", denied.toString())).isEqualTo(EICAR);
            await().atMost(Duration.ofSeconds(30)).until(() -> simulatedGuest(admin, vm).path("connected").asBoolean());
            assertThat(simulatedGuest(admin, vm).path("taken_over").asBoolean()).as("the simulated guest came back").isFalse();
        }
    }

    /** Writes EICAR files as another program until one's next open is denied (the service must first deploy and subscribe). */
    private static Path awaitDeniedAfterWriting(Path root) {
        AtomicInteger attempt = new AtomicInteger();
        Path[] denied = new Path[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            Path file = root.resolve("eicar-" + attempt.incrementAndGet() + ".com");
            run("sh", "-c", "printf '%s' '" + EICAR + "' > " + file);
            boolean refused = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> run("cat", file.toString()).contains("Operation not permitted"), r -> r);
            denied[0] = file;
            return refused;
        });
        return denied[0];
    }

    private static boolean securityEventFor(ApiClient admin, String vm, Path file) {
        JsonNode events = admin.get("/api/v1/serviceinsertion/security-events?page_size=1000").body().path("results");
        return StreamSupport.stream(events.spliterator(), false).anyMatch(e -> e.path("vm_external_id").asText().equals(vm)
                && e.path("file_path").asText().equals(file.toString()) && e.path("threat_name").asText().equals("EICAR-Test-File"));
    }

    private static JsonNode simulatedGuest(ApiClient admin, String vm) {
        JsonNode guests = admin.get("/lab/api/v1/guests").body().path("results");
        return StreamSupport.stream(guests.spliterator(), false).filter(g -> g.path("vm_id").asText().equals(vm)).findFirst()
                .orElseThrow();
    }

    private static String externalId(ApiClient admin, String name) {
        JsonNode vms = admin.get("/api/v1/fabric/virtual-machines").body().path("results");
        return StreamSupport.stream(vms.spliterator(), false).filter(v -> v.path("display_name").asText().equals(name))
                .map(v -> v.path("external_id").asText()).findFirst().orElseThrow();
    }

    private Process start(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Interpose.class.getName()));
        args.addAll(List.of(command));
        return new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("guest.log").toFile())).start();
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }
}

package io.interpose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an administrator runs {@code interpose manager} and, on a hypervisor host,
 * {@code interpose host} with a join token from the API. The host agent enrols, syncs its desired state
 * and reports health, which the API shows; its MUX metrics are served for Prometheus; restarted
 * without the (spent) token, it comes back with the identity it kept.
 */
class HostCommandIT {
    @TempDir
    Path dir;

    @Test
    void aHostAgentEnrolsWithAJoinTokenSyncsServesMetricsAndComesBackWithoutIt() throws Exception {
        int control = ManagerProcess.freePort();
        int metrics = ManagerProcess.freePort();
        try (ManagerProcess manager = ManagerProcess.start(dir.resolve("manager"), ManagerProcess.freePort(), "manager",
                "--control-port", Integer.toString(control))) {
            ApiClient admin = manager.admin();
            String token = admin.post("/api/v1/fabric/hosts/host-1?action=create_join_token", null).body().path("join_token").asText();
            assertThat(token).isNotBlank();
            List<String> host = List.of("host", "--host-id", "host-1", "--manager", "127.0.0.1:" + control,
                    "--manager-ca", dir.resolve("manager").resolve("tls").resolve("ca.pem").toString(),
                    "--data", dir.resolve("host-1").toString(), "--metrics-port", Integer.toString(metrics), "--mux-port", "0");

            Process agent = start(host, "--join-token", token);
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode status = admin.get("/api/v1/fabric/hosts/host-1/guest-introspection").body();
                    assertThat(status.path("connection_status").asText()).isEqualTo("CONNECTED");
                    assertThat(status.path("mux_up").asBoolean()).isTrue();
                    assertThat(status.path("applied_generation").asLong()).isPositive();
                });
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("http://127.0.0.1:" + metrics + "/metrics"))
                        .contains("host=\"host-1\""));
            } finally {
                agent.destroy();
                agent.waitFor();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/fabric/hosts/host-1/guest-introspection").body()
                    .path("connection_status").asText().equals("DISCONNECTED"));

            Process again = start(host);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/fabric/hosts/host-1/guest-introspection").body()
                        .path("connection_status").asText().equals("CONNECTED"));
            } finally {
                again.destroy();
                again.waitFor();
            }
        }
    }

    private Process start(List<String> command, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Interpose.class.getName()));
        args.addAll(command);
        args.addAll(List.of(more));
        Files.createDirectories(dir);
        return new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("host-1.log").toFile())).start();
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}

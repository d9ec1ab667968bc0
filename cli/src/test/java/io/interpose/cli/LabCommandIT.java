package io.interpose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * User story: {@code ./interpose lab} runs as a process; the lab CLI adds, tags, renames and removes
 * VMs in it; Ctrl-C stops it cleanly; a second start on the same directory finds everything again.
 */
class LabCommandIT {
    @TempDir
    Path dir;

    @Test
    void theLabRunsIsAdministeredFromTheCliAndRestartsWithItsState() throws Exception {
        Path data = dir.resolve("lab");
        int port = ManagerProcess.freePort();
        try (ManagerProcess lab = ManagerProcess.start(data, port, "lab")) {
            JsonNode info = new ObjectMapper().readTree(data.resolve("lab.json").toFile());
            assertThat(info.path("api").asText()).isEqualTo("https://127.0.0.1:" + port);
            assertThat(info.path("password").asText()).isEqualTo(ManagerProcess.PASSWORD);

            String added = cli("lab", "--data", data.toString(), "vm", "add", "--name", "cli-vm", "--host", "host-2",
                    "--os", "Ubuntu 24.04", "--tag", "env:prod");
            String id = new ObjectMapper().readTree(added).path("external_id").asText();
            assertThat(id).isNotBlank();
            assertThat(cli("lab", "--data", data.toString(), "vm", "tag", id, "env:dev", "pci")).contains("\"pci\"");
            assertThat(cli("lab", "--data", data.toString(), "vm", "rename", id, "cli-vm-2")).contains("cli-vm-2");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(cli("lab", "--data", data.toString(), "vm", "list")).contains("cli-vm-2"));
            assertThat(cli("lab", "--data", data.toString(), "host", "list")).contains("host-3");
            assertThat(cliFails("lab", "--data", data.toString(), "vm", "migrate", id, "host-404")).contains("404");
            assertThat(lab.stop()).as("Ctrl-C (SIGTERM) stops the lab cleanly").isIn(0, 143);
        }
        try (ManagerProcess lab = ManagerProcess.start(data, port, "lab")) {
            assertThat(lab.admin().get("/api/v1/fabric/virtual-machines?display_name=cli-vm-2").body().path("result_count").asInt())
                    .isEqualTo(1);
        }
    }

    private static String cli(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("interpose %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    private static String cliFails(String... args) {
        Result r = run(args);
        assertThat(r.code()).isNotZero();
        return r.err();
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Interpose.commandLine();
            cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
        }
    }
}

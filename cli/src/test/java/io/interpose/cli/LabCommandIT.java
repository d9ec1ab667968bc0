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
            assertThat(cli("lab", "host", "list", "--data", data.toString())).as("--data may follow the subcommand").contains("host-3");
            assertThat(cliFails("lab", "--data", data.toString(), "vm", "migrate", id, "host-404")).contains("404");

            String d = data.toString();
            assertThat(cli("lab", "--data", d, "vm", "power-off", id)).contains("VM_STOPPED");
            assertThat(cliFails("lab", "--data", d, "vm", "suspend", id)).contains("409").contains("powered off");
            assertThat(cli("lab", "--data", d, "vm", "power-on", id)).contains("VM_RUNNING");
            assertThat(cli("lab", "--data", d, "vm", "suspend", id)).contains("VM_SUSPENDED");
            assertThat(cli("lab", "--data", d, "host", "disconnect", "host-3")).contains("DISCONNECTED");
            assertThat(cli("lab", "--data", d, "host", "connect", "host-3")).contains("\"CONNECTED\"");
            assertThat(cli("lab", "--data", d, "host", "maintenance", "enter", "host-3")).contains("\"maintenance_mode\" : \"ON\"");
            assertThat(cli("lab", "host", "maintenance", "exit", "host-3", "--data", d)).contains("\"maintenance_mode\" : \"OFF\"");
            assertThat(cli("lab", "--data", d, "network", "add", "data", "--cidr", "192.168.10.0/24", "--gateway", "192.168.10.1"))
                    .contains("192.168.10.0/24");
            assertThat(cli("lab", "--data", d, "pool", "add", "data-pool", "--network", "data", "--first", "192.168.10.50",
                    "--last", "192.168.10.59")).contains("data-pool");
            assertThat(cliFails("lab", "--data", d, "pool", "add", "p2", "--network", "data", "--first", "192.168.10.55",
                    "--last", "192.168.10.60")).contains("409").contains("overlaps");
            assertThat(cli("lab", "--data", d, "network", "list")).contains("mgmt-pool", "data-pool");
            assertThat(cli("lab", "--data", d, "pool", "allocations", "data-pool")).contains("\"result_count\" : 0");
            assertThat(cli("lab", "--data", d, "pool", "remove", "data-pool")).contains("removed data-pool");
            assertThat(cli("lab", "--data", d, "network", "remove", "data")).contains("removed data");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode svms = lab.admin().get("/lab/api/v1/svms").body();
                assertThat(svms.path("results")).as("the sample service runs one SVM per host").hasSize(3)
                        .allSatisfy(svm -> {
                            assertThat(svm.path("ready").asBoolean()).isTrue();
                            assertThat(svm.path("process_id").asLong()).isPositive();
                        });
            });
            String web = lab.admin().get("/api/v1/fabric/virtual-machines?display_name=web-01").body().path("results").get(0)
                    .path("external_id").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lab.admin()
                    .get("/api/v1/fabric/virtual-machines/" + web + "/guest-introspection").body().path("status").asText())
                    .as("the lab's guests connect and the sample service protects them").isEqualTo("PROTECTED"));
            String svm = lab.admin().get("/lab/api/v1/svms").body().path("results").get(0).path("svm_id").asText();
            assertThat(lab.admin().post("/lab/api/v1/svms/" + svm + "?action=power_off", null).status()).isEqualTo(409);
            assertThat(cli("lab", "--data", data.toString(), "svm", "list")).contains(svm).contains("process_id");
            assertThat(cliFails("lab", "--data", data.toString(), "svm", "power-off", svm)).contains("409");
            assertThat(lab.admin().post("/lab/api/v1/svms/" + svm + "?action=migrate", java.util.Map.of("host_id", "host-2")).status())
                    .isEqualTo(409);
            assertThat(lab.stop()).as("Ctrl-C (SIGTERM) stops the lab cleanly").isIn(0, 143);
        }
        try (ManagerProcess lab = ManagerProcess.start(data, port, "lab")) {
            assertThat(lab.admin().get("/api/v1/fabric/virtual-machines?display_name=cli-vm-2").body().path("result_count").asInt())
                    .isEqualTo(1);
            assertThat(lab.stop()).as("stopped cleanly, so that its service VMs stop too").isIn(0, 143);
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

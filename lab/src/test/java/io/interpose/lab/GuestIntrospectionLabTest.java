package io.interpose.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interpose.guest.link.CurrentInterest.Mode;
import io.interpose.guest.link.GuestLink;
import io.interpose.guest.simulated.SimulatedGuest;
import io.interpose.manager.ManagerConfig;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story (issue 4, "done when"): in the lab, with the sample EPP registered, deployed and protecting
 * every VM, each VM's simulated guest connects, the sample SVM on its host receives the VM's profile,
 * events flow and verdicts return; a tag change changes what the SVM is told; a killed SVM leaves its
 * guests to the failure policy and its return restores service; the manager going down (and a host
 * agent restarting meanwhile) does not stop protection. Everything runs for real: SVMs are processes,
 * guests speak the wire protocol over Unix sockets, the MUX and the SVMs over TLS.
 */
class GuestIntrospectionLabTest {
    /** Packaged by the reactor before this module (the root pom lists partners/sample-epp first). */
    private static final Path SAMPLE = Path.of("..", "partners", "sample-epp", "target", "appliance", "sample-epp.ova")
            .toAbsolutePath().normalize();
    private static final Duration SETTLE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @BeforeAll
    static void sampleIsBuilt() {
        assertThat(SAMPLE).as("run the build from the repository root so that the sample appliance exists").exists();
    }

    @Test
    void everyVmIsProtectedAndTheSvmFollowsPolicyFailsOverAndOutlivesTheManager() throws Exception {
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            ApiClient admin = admin(lab);
            LabSample.ensureDeployed(api(admin), SAMPLE);
            assertThat(LabSample.ensureDeployed(api(admin), SAMPLE)).as("a second run changes nothing").endsWith(")");
            List<JsonNode> vms = list(admin.get("/api/v1/fabric/virtual-machines").body());

            await().atMost(SETTLE).untilAsserted(() -> assertThat(vms).allSatisfy(vm ->
                    assertThat(giStatus(admin, vm)).as(vm.path("display_name").asText()).isEqualTo("PROTECTED")));
            await().atMost(SETTLE).untilAsserted(() -> assertThat(lab.guests()).hasSize(vms.size())
                    .allSatisfy(g -> assertThat(g.connected()).isTrue())
                    .as("events flow and verdicts return").anySatisfy(g -> assertThat(g.allowed()).isPositive()));

            assertThat(list(admin.get("/lab/api/v1/guests").body())).hasSize(vms.size());
            windowsVmsRunWindowsGuestsAskedForRegistryEvents(lab, vms);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(list(admin.get("/lab/api/v1/host-agents").body())).hasSize(3)
                    .allSatisfy(agent -> {
                        assertThat(agent.path("manager_connected").asBoolean()).isTrue();
                        assertThat(agent.path("svms").get(0).path("connected").asBoolean()).isTrue();
                    }));
            assertThat(text(lab, "/lab/api/v1/host-agents/host-1/metrics"))
                    .contains("interpose_mux_events_received_total", "interpose_mux_verdict_latency_seconds_bucket");

            JsonNode web = vm(vms, "web-01");
            Path svmLog = svmLog(admin, lab, web.path("host_id").asText());
            String protecting = "protecting web-01 (" + web.path("external_id").asText() + ") at level ";
            await().atMost(SETTLE).untilAsserted(() -> assertThat(Files.readString(svmLog)).contains(protecting + "COMPREHENSIVE"));

            assertThat(admin.post("/api/v1/fabric/virtual-machines?action=update_tags", Map.of("external_id",
                    web.path("external_id").asText(), "tags", List.of(Map.of("scope", "env", "tag", "dev")))).status()).isEqualTo(204);
            await("the SVM is told of the new profile (goal: within a second)").atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(Files.readString(svmLog)).contains(protecting + "BASIC"));

            svmOutageIsBridgedByFailurePolicy(admin, lab, web);
            protectionOutlivesTheManager(lab, web);
        }
    }

    private void windowsVmsRunWindowsGuestsAskedForRegistryEvents(Lab lab, List<JsonNode> vms) {
        SimulatedGuest windows = lab.guest(vm(vms, "win-app-01").path("external_id").asText()).orElseThrow();
        SimulatedGuest linux = lab.guest(vm(vms, "web-01").path("external_id").asText()).orElseThrow();
        assertThat(windows.osFamily()).isEqualTo(OsFamily.WINDOWS);
        assertThat(linux.osFamily()).isEqualTo(OsFamily.LINUX);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(windows.link().interest().mode(EventType.REGISTRY_SET_VALUE))
                .as("the sample EPP decides registry value sets; the MUX asks the Windows guest for them").isEqualTo(Mode.DECIDE));
        assertThat(linux.link().interest().mode(EventType.REGISTRY_SET_VALUE)).as("but not a Linux guest").isEqualTo(Mode.NONE);
    }

    private void svmOutageIsBridgedByFailurePolicy(ApiClient admin, Lab lab, JsonNode web) throws Exception {
        String host = web.path("host_id").asText();
        GuestLink guest = lab.guest(web.path("external_id").asText()).orElseThrow().link();
        assertThat(decide(guest).getSource()).isEqualTo(VerdictSource.SERVICES);

        ProcessHandle.of(svm(admin, host).path("process_id").asLong()).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            Verdict verdict = decide(guest);
            assertThat(verdict.getSource()).as("SVM down: the sample's failure policy (ALLOW) decides")
                    .isEqualTo(VerdictSource.FAILURE_POLICY);
            assertThat(verdict.getDecision()).isEqualTo(Decision.ALLOW);
        });
        await().atMost(SETTLE).untilAsserted(() ->
                assertThat(decide(guest).getSource()).as("the SVM is back").isEqualTo(VerdictSource.SERVICES));
    }

    private void protectionOutlivesTheManager(Lab lab, JsonNode web) throws Exception {
        String vmId = web.path("external_id").asText();
        lab.manager().close();
        GuestLink guest = lab.guest(vmId).orElseThrow().link();
        assertThat(decide(guest).getSource()).as("manager down, protection goes on").isEqualTo(VerdictSource.SERVICES);

        lab.restartHostAgent(web.path("host_id").asText());
        await().atMost(SETTLE).untilAsserted(() -> assertThat(decide(lab.guest(vmId).orElseThrow().link()).getSource())
                .as("a host agent restarted without its manager enforces its saved state").isEqualTo(VerdictSource.SERVICES));
    }

    private static Verdict decide(GuestLink guest) throws Exception {
        Event open = Event.newBuilder().setType(EventType.FILE_OPEN).setTimeUnixNanos(System.currentTimeMillis() * 1_000_000)
                .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath("/etc/hosts").setSize(220))).build();
        return guest.decide(open).get(5, TimeUnit.SECONDS);
    }

    private static String giStatus(ApiClient admin, JsonNode vm) {
        return admin.get("/api/v1/fabric/virtual-machines/" + vm.path("external_id").asText() + "/guest-introspection")
                .body().path("status").asText();
    }

    private static JsonNode svm(ApiClient admin, String host) {
        return list(admin.get("/lab/api/v1/svms").body()).stream().filter(s -> s.path("host_id").asText().equals(host))
                .findFirst().orElseThrow();
    }

    private static Path svmLog(ApiClient admin, Lab lab, String host) {
        return lab.agents().svmDirectory(svm(admin, host).path("svm_id").asText()).resolve("svm.log");
    }

    private static JsonNode vm(List<JsonNode> vms, String name) {
        return vms.stream().filter(v -> v.path("display_name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<JsonNode> list(JsonNode page) {
        return StreamSupport.stream(page.path("results").spliterator(), false).toList();
    }

    private static LabSample.Api api(ApiClient client) {
        return (method, path, body) -> {
            ApiResponse response = client.send(method, path, body);
            if (response.status() >= 400) {
                throw new IOException(method + " " + path + ": " + response);
            }
            return response.raw();
        };
    }

    /** A text (not JSON) answer of the API, such as Prometheus metrics. */
    private static String text(Lab lab, String path) throws Exception {
        JsonNode info = new ObjectMapper().readTree(lab.labJson().toFile());
        String credentials = info.path("user").asText() + ":" + info.path("password").asText();
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(ApiClient.trusting(Path.of(info.path("ca_cert").asText())))
                .build().send(HttpRequest.newBuilder(URI.create(info.path("api").asText() + path)).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    private static ApiClient admin(Lab lab) throws IOException {
        JsonNode info = new ObjectMapper().readTree(lab.labJson().toFile());
        return ApiClient.anonymous(info.path("api").asText(), Optional.of(Path.of(info.path("ca_cert").asText())))
                .withBasic(info.path("user").asText(), info.path("password").asText());
    }
}

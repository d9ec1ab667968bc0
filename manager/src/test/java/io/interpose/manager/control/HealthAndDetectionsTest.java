package io.interpose.manager.control;

import static io.interpose.manager.control.ControlFixture.next;
import static io.interpose.manager.control.ControlFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.interpose.manager.deployment.SvmCredentials;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.TestManager;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.GuestHealth;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.HostMessage;
import io.interpose.protocol.control.ManagerMessage;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.SvmHealth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an administrator deploys the partner's service; the host agent is told to accept the new
 * SVM (its credential's hash); the host reports its MUX, SVM and thin agents; the API shows each VM
 * protected or not, and the SVM's health in NSX's shape; a detection the SVM reports is listed for its
 * partner and hidden from other partners.
 */
class HealthAndDetectionsTest {
    @TempDir
    Path dir;
    TestManager server;
    ControlFixture fixture;

    @BeforeEach
    void start() {
        server = TestManager.start(dir);
        fixture = new ControlFixture(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeploymentBecomesAnEndpointAndHealthAndDetectionsShowInTheApi() {
        ApiClient acme = server.user("acme", "partner", "acme");
        ApiClient globex = server.user("globex", "partner", "globex");
        try (TestHost one = fixture.enrolled("host-1")) {
            TestHost.Sync sync = one.sync(server.manager().controlPort(), 0);
            assertThat(next(sync, Duration.ofSeconds(10)).getSnapshot().getEndpointsList()).isEmpty();
            String deployment = ok(fixture.admin.post(services() + "/service-deployments", ControlFixture.deploymentBody())).body().path("id").asText();
            ServiceEndpoint endpoint = awaitEndpoint(sync);
            assertThat(endpoint.getDeploymentId()).isEqualTo(deployment);
            assertThat(endpoint.getServiceId()).isEqualTo(fixture.serviceId);
            assertThat(endpoint.getCredentialSha256().toByteArray())
                    .isEqualTo(DesiredStates.sha256(SvmCredentials.loadOrCreate(dir).token(deployment, "host-1")));

            sync.send(HostMessage.newBuilder().setHealth(health(deployment)).build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(gi("web-01").path("status").asText()).isEqualTo("PROTECTED"));
            assertThat(gi("web-01").path("thin_agent").path("agent_version").asText()).isEqualTo("0.9");
            assertThat(gi("db-01").path("status").asText()).isEqualTo("THIN_AGENT_NOT_RUNNING");
            assertThat(gi("dev-box-01").path("status").asText()).isEqualTo("NOT_PROTECTED");
            assertThat(ok(globex.get("/api/v1/fabric/virtual-machines/" + fixture.vmId("web-01") + "/guest-introspection"))
                    .body().path("status").asText()).as("another partner sees none of acme's services").isEqualTo("NOT_PROTECTED");

            String runtime = runtimeOnHost1(deployment);
            String healthPath = services() + "/service-instances/" + deployment + "/instance-runtimes/" + runtime + "/health-status";
            JsonNode svm = ok(acme.get(healthPath)).body();
            assertThat(svm.path("solution_status").asText()).isEqualTo("HEALTHY");
            assertThat(svm.path("solution_version").asText()).isEqualTo("2.1");
            assertThat(svm.path("mux_connected_status").asText()).isEqualTo("UP");
            assertThat(svm.path("is_stale").asBoolean()).isFalse();
            assertThat(svm.path("connect_timestamp").asLong()).isEqualTo(1_700_000_000_000L);
            assertThat(globex.get(healthPath).status()).isEqualTo(404);
            JsonNode runtimes = ok(fixture.admin.get(services() + "/service-instances/" + deployment + "/instance-runtimes")).body();
            assertThat(runtimes.path("results").findValuesAsText("runtime_health_status_by_partner")).containsExactly("HEALTHY");

            sync.send(HostMessage.newBuilder().setDetection(DetectionReport.newBuilder().setServiceId(fixture.serviceId)
                    .setDeploymentId(deployment).setId("d-1").setVmId(fixture.vmId("web-01")).setSeverity("HIGH")
                    .setThreatName("EICAR-Test-File").setFilePath("/tmp/eicar.com").setPid(4242).setActionTaken("QUARANTINED")
                    .setTimeUnixNanos(1_700_000_000_000_000_000L).setRegistryKey("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater"))
                    .build());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(ok(acme.get("/api/v1/serviceinsertion/security-events")).body().path("result_count").asInt()).isEqualTo(1));
            JsonNode event = ok(fixture.admin.get("/api/v1/serviceinsertion/security-events")).body().path("results").get(0);
            assertThat(event.path("threat_name").asText()).isEqualTo("EICAR-Test-File");
            assertThat(event.path("host_id").asText()).isEqualTo("host-1");
            assertThat(event.path("registry_key").asText()).isEqualTo("HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater");
            assertThat(ok(globex.get("/api/v1/serviceinsertion/security-events")).body().path("result_count").asInt()).isZero();

            sync.close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(ok(fixture.admin.get("/api/v1/fabric/hosts/host-1/guest-introspection")).body()
                        .path("connection_status").asText()).isEqualTo("DISCONNECTED");
                assertThat(ok(acme.get(healthPath)).body().path("is_stale").asBoolean()).isTrue();
            });
            assertThat(gi("web-01").path("status").asText()).isEqualTo("UNKNOWN");
        }
    }

    private ServiceEndpoint awaitEndpoint(TestHost.Sync sync) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ManagerMessage message = next(sync, Duration.ofSeconds(30));
            if (message.hasDelta() && message.getDelta().getUpsertEndpointsCount() > 0) {
                return message.getDelta().getUpsertEndpoints(0);
            }
        }
        throw new AssertionError("no endpoint within 30 s");
    }

    private HostHealth health(String deployment) {
        return HostHealth.newBuilder().setMuxUp(true)
                .addSvms(SvmHealth.newBuilder().setDeploymentId(deployment).setServiceId(fixture.serviceId).setConnected(true)
                        .setProtocolVersion(1).setSolutionVersion("2.1").setHealthState("HEALTHY")
                        .setConnectedSinceUnixMillis(1_700_000_000_000L))
                .addGuests(GuestHealth.newBuilder().setVmId(fixture.vmId("web-01")).setConnected(true).setProtocolVersion(1)
                        .setAgentVersion("0.9"))
                .build();
    }

    private JsonNode gi(String vm) {
        return ok(fixture.admin.get("/api/v1/fabric/virtual-machines/" + fixture.vmId(vm) + "/guest-introspection")).body();
    }

    private String runtimeOnHost1(String deployment) {
        for (JsonNode r : ok(fixture.admin.get(services() + "/service-instances/" + deployment + "/instance-runtimes")).body().path("results")) {
            if (r.path("host_id").asText().equals("host-1")) {
                return r.path("id").asText();
            }
        }
        throw new AssertionError("no runtime on host-1");
    }

    private String services() {
        return fixture.servicePath();
    }
}

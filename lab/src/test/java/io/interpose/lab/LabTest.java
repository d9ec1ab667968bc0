package io.interpose.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interpose.manager.ManagerConfig;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: a new user runs the lab, finds the URL, credentials and CA in lab.json, administers the
 * lab datacenter through its own API, and finds everything again after a restart.
 */
class LabTest {
    @TempDir
    Path dir;

    @Test
    void labJsonTellsHowToReachTheApiAndTheStateSurvivesARestart() throws Exception {
        String vmId;
        JsonNode first;
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            first = new ObjectMapper().readTree(lab.labJson().toFile());
            assertThat(first.path("api").asText()).startsWith("https://127.0.0.1:");
            assertThat(first.path("user").asText()).isEqualTo("admin");
            assertThat(first.path("password").asText()).hasSizeGreaterThan(11);
            assertThat(Path.of(first.path("ca_cert").asText())).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.labJson()))).isEqualTo("rw-------");
            ApiClient admin = client(first);
            assertThat(admin.get("/api/v1/fabric/virtual-machines").body().path("result_count").asInt()).isEqualTo(12);
            assertThat(admin.get("/api/v1/fabric/hosts").body().path("result_count").asInt()).isEqualTo(3);
            assertThat(admin.get("/api/v1/fabric/compute-collections").body().path("result_count").asInt()).isEqualTo(1);

            ApiResponse vm = admin.post("/lab/api/v1/vms", Map.of("display_name", "app-99", "host_id", "host-1", "os_name", "Ubuntu 24.04",
                    "tags", List.of(Map.of("scope", "env", "tag", "prod"))));
            assertThat(vm.status()).as(vm.toString()).isEqualTo(201);
            vmId = vm.body().path("external_id").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/api/v1/fabric/virtual-machines/" + vmId).status() == 200);
        }
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            JsonNode second = new ObjectMapper().readTree(lab.labJson().toFile());
            assertThat(second.path("password").asText()).isEqualTo(first.path("password").asText());
            assertThat(second.path("ca_cert").asText()).isEqualTo(first.path("ca_cert").asText());
            ApiClient admin = client(second);
            assertThat(admin.get("/api/v1/fabric/virtual-machines/" + vmId).body().path("display_name").asText()).isEqualTo("app-99");
            assertThat(admin.get("/api/v1/fabric/virtual-machines").body().path("result_count").asInt()).isEqualTo(13);
        }
    }

    @Test
    void theLabAdminApiChangesTheDatacenterAndRefusesWhatMakesNoSense() throws Exception {
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            ApiClient admin = client(new ObjectMapper().readTree(lab.labJson().toFile()));
            assertThat(admin.post("/lab/api/v1/clusters", Map.of("id", "cluster-2", "display_name", "Second")).status()).isEqualTo(201);
            assertThat(admin.post("/lab/api/v1/clusters", Map.of("id", "cluster-2", "display_name", "Again")).status()).isEqualTo(409);
            assertThat(admin.post("/lab/api/v1/hosts", Map.of("id", "host-9", "display_name", "esx-09", "cluster_id", "cluster-2")).status())
                    .isEqualTo(201);
            assertThat(admin.post("/lab/api/v1/hosts", Map.of("id", "host-10", "display_name", "esx-10", "cluster_id", "no-such-cluster")).status()).isEqualTo(404);
            assertThat(admin.delete("/lab/api/v1/clusters/cluster-2").status()).as("cluster with hosts").isEqualTo(409);

            ApiResponse vm = admin.post("/lab/api/v1/vms", Map.of("display_name", "svc-1", "host_id", "host-9"));
            String id = vm.body().path("external_id").asText();
            assertThat(admin.post("/lab/api/v1/vms/" + id + "?action=rename", Map.of("display_name", "svc-2")).body()
                    .path("display_name").asText()).isEqualTo("svc-2");
            assertThat(admin.post("/lab/api/v1/vms/" + id + "?action=migrate", Map.of("host_id", "host-1")).body()
                    .path("host_id").asText()).isEqualTo("host-1");
            assertThat(admin.post("/lab/api/v1/vms/" + id + "?action=update_tags", Map.of("tags", List.of(Map.of("tag", "pci")))).body()
                    .path("tags").get(0).path("tag").asText()).isEqualTo("pci");
            assertThat(admin.post("/lab/api/v1/vms/" + id + "?action=explode", Map.of()).status()).isEqualTo(400);
            assertThat(admin.post("/lab/api/v1/vms/" + id + "?action=migrate", Map.of("host_id", "host-404")).status()).isEqualTo(404);
            assertThat(admin.post("/lab/api/v1/vms", Map.of("display_name", " ", "host_id", "host-1")).status()).isEqualTo(400);
            assertThat(admin.post("/lab/api/v1/hosts/host-9?action=move", Map.of("cluster_id", "cluster-1")).status()).isEqualTo(200);
            assertThat(admin.delete("/lab/api/v1/clusters/cluster-2").status()).isEqualTo(200);
            assertThat(admin.delete("/lab/api/v1/vms/" + id).status()).isEqualTo(200);
            assertThat(admin.get("/lab/api/v1/inventory").body().path("clusters")).hasSize(1);

            admin.post("/api/v1/aaa/users", Map.of("username", "acme", "password", "acme-partner-pw", "roles", List.of("partner"),
                    "vendor_id", "acme"));
            ApiClient partner = client(new ObjectMapper().readTree(lab.labJson().toFile())).withBasic("acme", "acme-partner-pw");
            assertThat(partner.post("/lab/api/v1/clusters", Map.of("id", "x")).status()).isEqualTo(403);
            assertThat(partner.get("/lab/api/v1/inventory").status()).isEqualTo(403);
        }
    }

    private static ApiClient client(JsonNode labJson) {
        return ApiClient.anonymous(labJson.path("api").asText(), Optional.of(Path.of(labJson.path("ca_cert").asText())))
                .withBasic(labJson.path("user").asText(), labJson.path("password").asText());
    }
}

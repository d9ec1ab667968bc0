package io.interpose.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interpose.manager.ManagerConfig;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User stories: an administrator powers lab VMs off, on and into suspension; disconnects and
 * reconnects a host and sees its workloads come back after the power-on gate; puts a host in
 * maintenance mode and sees its workloads leave; manages networks and IP pools; and the manager's
 * inventory follows. Every response is held to the OpenAPI document by {@link ApiClient}.
 */
class LabLifecycleApiTest {
    @TempDir
    Path dir;

    private static ApiClient admin(Lab lab) throws Exception {
        JsonNode info = new ObjectMapper().readTree(lab.labJson().toFile());
        return ApiClient.anonymous(info.path("api").asText(), Optional.of(Path.of(info.path("ca_cert").asText())))
                .withBasic(info.path("user").asText(), info.path("password").asText());
    }

    private static String vmOn(Lab lab, String host) {
        return lab.datacenter().snapshot().vms().stream().filter(v -> v.hostId().equals(host)).findFirst().orElseThrow().externalId();
    }

    @Test
    void vmsArePoweredFromTheLabApiAndTheManagerSeesIt() throws Exception {
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            ApiClient admin = admin(lab);
            String vm = vmOn(lab, "host-1");
            String path = "/lab/api/v1/vms/" + vm;

            assertThat(admin.post(path + "?action=power_off", Map.of()).body().path("power_state").asText()).isEqualTo("VM_STOPPED");
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/api/v1/fabric/virtual-machines/" + vm).body()
                    .path("power_state").asText().equals("VM_STOPPED"));
            ApiResponse refused = admin.post(path + "?action=suspend", Map.of());
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("error_message").asText()).contains("powered off");
            assertThat(admin.post(path + "?action=power_on", Map.of()).body().path("power_state").asText()).isEqualTo("VM_RUNNING");
            assertThat(admin.post(path + "?action=suspend", Map.of()).body().path("power_state").asText()).isEqualTo("VM_SUSPENDED");
            assertThat(admin.post("/lab/api/v1/vms/no-such-vm?action=power_on", Map.of()).status()).isEqualTo(404);
            assertThat(admin.post(path + "?action=reboot", Map.of()).status()).isEqualTo(400);
        }
    }

    @Test
    void hostsDisconnectReconnectAfterTheGateAndGoThroughMaintenance() throws Exception {
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            ApiClient admin = admin(lab);
            var serviceVmsReady = new CompletableFuture<Boolean>();
            lab.datacenter().setPowerOnGate((host, timeout) -> serviceVmsReady.join());
            String vm = vmOn(lab, "host-1");

            JsonNode down = admin.post("/lab/api/v1/hosts/host-1?action=disconnect", Map.of()).body();
            assertThat(down.path("connection_state").asText()).isEqualTo("DISCONNECTED");
            assertThat(admin.post("/lab/api/v1/vms/" + vm + "?action=power_on", Map.of()).status()).isEqualTo(409);
            assertThat(admin.post("/lab/api/v1/hosts/host-1?action=enter_maintenance", Map.of()).status()).isEqualTo(409);
            assertThat(admin.send("POST", "/lab/api/v1/hosts/host-1?action=connect", null).body()
                    .path("connection_state").asText()).as("no body needed").isEqualTo("CONNECTED");
            assertThat(lab.datacenter().vm(vm).orElseThrow().powerState().name()).as("waits for the gate").isEqualTo("POWERED_OFF");
            serviceVmsReady.complete(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> lab.datacenter().vm(vm).orElseThrow().powerState().name().equals("POWERED_ON"));

            JsonNode on = admin.post("/lab/api/v1/hosts/host-1?action=enter_maintenance", Map.of()).body();
            assertThat(on.path("maintenance_mode").asText()).isEqualTo("ON");
            assertThat(lab.datacenter().vm(vm).orElseThrow().hostId()).isIn("host-2", "host-3");
            assertThat(admin.post("/lab/api/v1/vms/" + vm + "?action=migrate", Map.of("host_id", "host-1")).status()).isEqualTo(409);
            assertThat(admin.post("/lab/api/v1/hosts/host-1?action=exit_maintenance", Map.of()).body()
                    .path("maintenance_mode").asText()).isEqualTo("OFF");
            assertThat(admin.get("/lab/api/v1/inventory").body().path("hosts").get(0).path("maintenance_mode").asText()).isEqualTo("OFF");
            assertThat(admin.post("/lab/api/v1/hosts/host-404?action=disconnect", Map.of()).status()).isEqualTo(404);
            assertThat(admin.post("/lab/api/v1/hosts/host-1?action=reboot", Map.of()).status()).isEqualTo(400);
        }
    }

    @Test
    void networksAndPoolsAreManagedAndAllocationsShown() throws Exception {
        try (Lab lab = Lab.start(ManagerConfig.embedded(dir, 0))) {
            ApiClient admin = admin(lab);
            JsonNode networks = admin.get("/lab/api/v1/networks").body();
            assertThat(networks.path("result_count").asInt()).isEqualTo(1);
            assertThat(networks.path("results").get(0).path("pools").get(0).path("id").asText()).isEqualTo("mgmt-pool");

            ApiResponse added = admin.post("/lab/api/v1/networks", Map.of("id", "data", "display_name", "Data",
                    "cidr", "192.168.10.0/24", "gateway", "192.168.10.1"));
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            assertThat(added.body().path("pools")).isEmpty();
            ApiResponse bad = admin.post("/lab/api/v1/networks", Map.of("id", "x", "display_name", "X", "cidr", "10.0.0.1/8"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().toString()).contains("cidr");
            assertThat(admin.post("/lab/api/v1/networks", Map.of("id", "data", "display_name", "D", "cidr", "10.0.0.0/8")).status())
                    .isEqualTo(409);

            ApiResponse pool = admin.post("/lab/api/v1/networks/data/pools", Map.of("id", "data-pool",
                    "first_address", "192.168.10.50", "last_address", "192.168.10.60"));
            assertThat(pool.status()).as(pool.toString()).isEqualTo(201);
            assertThat(pool.body().path("network_id").asText()).isEqualTo("data");
            assertThat(admin.post("/lab/api/v1/networks/data/pools", Map.of("id", "p2", "first_address", "192.168.10.60",
                    "last_address", "192.168.10.70")).status()).as("overlap").isEqualTo(409);
            assertThat(admin.post("/lab/api/v1/networks/data/pools", Map.of("id", "p3", "first_address", "192.168.11.1",
                    "last_address", "192.168.11.2")).status()).as("outside").isEqualTo(400);
            assertThat(admin.post("/lab/api/v1/networks/nope/pools", Map.of("id", "p4", "first_address", "192.168.11.1",
                    "last_address", "192.168.11.2")).status()).isEqualTo(404);

            lab.datacenter().allocate("data-pool", "dep-1/host-1/nic0");
            JsonNode allocations = admin.get("/lab/api/v1/pools/data-pool/allocations").body();
            assertThat(allocations.path("results").get(0).path("address").asText()).isEqualTo("192.168.10.50");
            assertThat(allocations.path("results").get(0).path("prefix_length").asInt()).isEqualTo(24);
            assertThat(admin.delete("/lab/api/v1/pools/data-pool").status()).isEqualTo(409);
            assertThat(admin.delete("/lab/api/v1/networks/data").status()).isEqualTo(409);
            lab.datacenter().release("data-pool", "dep-1/host-1/nic0");
            assertThat(admin.delete("/lab/api/v1/pools/data-pool").status()).isEqualTo(200);
            assertThat(admin.delete("/lab/api/v1/networks/data").status()).isEqualTo(200);
            assertThat(admin.get("/lab/api/v1/pools/data-pool/allocations").status()).isEqualTo(404);
            assertThat(admin.get("/lab/api/v1/networks").body().path("result_count").asInt()).isEqualTo(1);
        }
    }
}

package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.interpose.compute.agent.AgentOperationRefusedException;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an administrator deploys a partner's service to a cluster and watches one service VM per
 * host come up as a real process; a killed one comes back; powering one off or migrating it is refused;
 * a host that joins gets its own; deleting the deployment removes them all.
 */
class DeploymentLifecycleTest {
    static final String SERVICES = "/api/v1/serviceinsertion/services";
    @TempDir
    Path dir;
    TestManager server;
    ApiClient admin;
    String serviceId;

    @BeforeEach
    void start() {
        server = TestManager.start(dir);
        admin = server.admin();
        ApiResponse service = admin.post(SERVICES, Bodies.eppService("Deployed AV", "acme"));
        assertThat(service.status()).as(service.toString()).isEqualTo(201);
        serviceId = service.body().path("id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oneServiceVmPerHostComesUpAndStaysUp() throws Exception {
        ApiResponse created = admin.post(deployments(), deployment("cluster-1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.body().path("id").asText();
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        List<JsonNode> runtimes = runtimes(id);
        assertThat(runtimes).hasSize(3).allSatisfy(r -> {
            assertThat(r.path("runtime_status").asText()).isEqualTo("IN_SERVICE");
            assertThat(r.path("process_id").asLong()).isPositive();
        });
        assertThat(runtimes.stream().map(r -> r.path("host_id").asText())).containsExactlyInAnyOrder("host-1", "host-2", "host-3");

        JsonNode first = runtimes.get(0);
        var environment = io.interpose.compute.ovf.OvfEnvironment.read(
                server.agents().svmDirectory(first.path("service_vm_id").asText()).resolve("ovf-env.xml"));
        assertThat(environment.value("license")).isEqualTo("ABC-123");
        assertThat(environment.value("interpose.manager.url")).isEqualTo(server.manager().url());
        assertThat(java.util.Base64.getDecoder().decode(environment.value("interpose.ca.certificate")))
                .as("the SVM trusts the manager's CA for its MUX")
                .isEqualTo(java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(java.nio.file.Files.newInputStream(server.manager().controlCaCertificate())).getEncoded());
        String token = environment.value("interpose.svm.token");
        assertThat(token).isNotBlank();
        assertThat(io.interpose.manager.deployment.SvmCredentials.loadOrCreate(dir).verify(id, first.path("host_id").asText(), token))
                .as("each SVM gets its own verifiable credential").isTrue();
        assertThat(admin.get(deployments() + "/" + id).raw()).doesNotContain(token);
        long pid = first.path("process_id").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(runtimes(id)).anySatisfy(r -> {
            assertThat(r.path("host_id").asText()).isEqualTo(first.path("host_id").asText());
            assertThat(r.path("process_id").asLong()).isPositive().isNotEqualTo(pid);
            assertThat(r.path("runtime_status").asText()).isEqualTo("IN_SERVICE");
        }));

        String svm = first.path("service_vm_id").asText();
        try {
            server.agents().manager().powerOff(svm);
            throw new AssertionError("power-off of a service VM must be refused");
        } catch (AgentOperationRefusedException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }

        server.lab().addHost("host-4", "esx-04", "cluster-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(runtimes(id)).hasSize(4)
                .allSatisfy(r -> assertThat(r.path("runtime_status").asText()).isEqualTo("IN_SERVICE")));

        assertThat(admin.delete(SERVICES + "/" + serviceId).status()).as("a service with deployments").isEqualTo(409);
        ApiResponse deleted = admin.delete(deployments() + "/" + id);
        assertThat(deleted.status()).isEqualTo(202);
        List<Long> pids = runtimes(id).stream().map(r -> r.path("process_id").asLong()).toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(deployments() + "/" + id).status() == 404);
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void anUpgradeReplacesEveryServiceVmWithTheNewVersion() {
        String id = admin.post(deployments(), deployment("cluster-1")).body().path("id").asText();
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        List<Long> before = runtimes(id).stream().map(r -> r.path("process_id").asLong()).toList();
        assertThat(admin.post(deployments() + "/" + id + "?action=upgrade", null).status()).as("nothing to upgrade to").isEqualTo(400);

        ApiResponse current = admin.get(SERVICES + "/" + serviceId);
        Map<String, Object> v2 = new java.util.HashMap<>(Bodies.eppService("Deployed AV", "acme"));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) v2.get("service_deployment_spec"));
        spec.put("svm_version", "2.0");
        v2.put("service_deployment_spec", spec);
        v2.put("_revision", current.body().path("_revision").asLong());
        assertThat(admin.put(SERVICES + "/" + serviceId, v2).status()).isEqualTo(200);
        ApiResponse upgrade = admin.post(deployments() + "/" + id + "?action=upgrade", null);
        assertThat(upgrade.status()).as(upgrade.toString()).isEqualTo(202);
        assertThat(upgrade.body().path("svm_version").asText()).isEqualTo("2.0");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ApiResponse s = admin.get(deployments() + "/" + id + "/status");
            assertThat(s.body().path("deployment_status").asText()).isEqualTo("DEPLOYMENT_SUCCESSFUL");
            assertThat(s.body().path("sva_current_version").asText()).isEqualTo("2.0");
            assertThat(runtimes(id)).hasSize(3).allSatisfy(r -> assertThat(before).doesNotContain(r.path("process_id").asLong()));
        });
    }

    @Test
    void aManagerRestartInTheMiddleOfADeploymentNeitherDoublesNorDisturbsServiceVms() {
        String id = admin.post(deployments(), deployment("cluster-1")).body().path("id").asText();
        server.restartManager();
        admin = server.admin();
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        List<Long> pids = runtimes(id).stream().map(r -> r.path("process_id").asLong()).toList();
        server.restartManager();
        admin = server.admin();
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        assertThat(server.agents().manager().agencies()).hasSize(1);
        assertThat(runtimes(id)).hasSize(3);
        assertThat(runtimes(id).stream().map(r -> r.path("process_id").asLong()).toList())
                .as("a manager restart leaves running service VMs alone").containsExactlyInAnyOrderElementsOf(pids);
    }

    @Test
    void deletingTheServiceWithCascadeRemovesItsDeploymentsAndTheirServiceVms() {
        String id = admin.post(deployments(), deployment("cluster-1")).body().path("id").asText();
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        List<Long> pids = runtimes(id).stream().map(r -> r.path("process_id").asLong()).toList();
        assertThat(admin.delete(SERVICES + "/" + serviceId + "?cascade=true").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.agents().manager().agencies().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void aPackageThatVanishesAfterRegistrationIsAnIssueAndIsRetriedWhenItIsBack() throws Exception {
        Path packageDir = java.nio.file.Files.createDirectories(dir.resolve("vanishing"));
        Path source = Path.of(java.net.URI.create(io.interpose.manager.testing.TestAppliance.url())).getParent();
        for (String name : List.of("test-svm.ovf", "test-svm.mf")) {
            java.nio.file.Files.copy(source.resolve(name), packageDir.resolve(name));
        }
        Map<String, Object> body = new java.util.HashMap<>(Bodies.eppService("Vanishing AV", "acme"));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) body.get("service_deployment_spec"));
        spec.put("deployment_specs", List.of(Map.of("name", "standard", "ovf_url", packageDir.resolve("test-svm.ovf").toUri().toString(),
                "host_type", "ESXI", "service_form_factor", "SMALL")));
        body.put("service_deployment_spec", spec);
        serviceId = admin.post(SERVICES, body).body().path("id").asText();
        java.nio.file.Files.move(packageDir, dir.resolve("moved-away"));

        String id = admin.post(deployments(), deployment("cluster-1")).body().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ApiResponse s = admin.get(deployments() + "/" + id + "/status");
            assertThat(s.body().path("deployment_status").asText()).isEqualTo("DEPLOYMENT_FAILED");
            assertThat(s.body().path("deployment_issues").findValuesAsText("issue_type")).contains("CannotAccessAgentOVF");
        });
        java.nio.file.Files.move(dir.resolve("moved-away"), packageDir);
        awaitStatus(id, "DEPLOYMENT_SUCCESSFUL");
        assertThat(admin.get(deployments() + "/" + id + "/status").body().path("deployment_issues")).isEmpty();
    }

    @Test
    void badDeploymentsAreRefusedWithEveryProblem() {
        Map<String, Object> noNics = Map.of("display_name", "d", "deployment_spec_name", "nope",
                "instance_deployment_template", Map.of("name", "default", "attributes", List.of(Map.of("key", "colour", "value", "red"))),
                "service_deployment_config", Map.of("compute_manager_id", "lab", "compute_collection_id", "cluster-9"));
        ApiResponse r = admin.post(deployments(), noNics);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("deployment_spec_name").contains("cluster-9").contains("mgmt").contains("colour");
        assertThat(admin.get(deployments()).body().path("result_count").asInt()).isZero();
        ApiResponse badNetwork = admin.post(deployments(), deploymentOn("cluster-1", "no-such-net"));
        assertThat(badNetwork.status()).isEqualTo(400);
        assertThat(badNetwork.errorMessage()).contains("no-such-net");
    }

    private String deployments() {
        return SERVICES + "/" + serviceId + "/service-deployments";
    }

    private static Map<String, Object> deployment(String cluster) {
        return deploymentOn(cluster, "mgmt");
    }

    private static Map<String, Object> deploymentOn(String cluster, String network) {
        return Map.of("display_name", "av-" + cluster, "deployment_spec_name", "standard",
                "instance_deployment_template", Map.of("name", "default", "attributes", List.of(Map.of("key", "license", "value", "ABC-123"))),
                "service_deployment_config", Map.of("compute_manager_id", "lab", "compute_collection_id", cluster,
                        "vm_nic_info", Map.of("nic_infos", List.of(Map.of("nic_metadata", Map.of("interface_label", "mgmt"),
                                "network_id", network, "ip_allocation_type", "STATIC", "ip_pool_id", "mgmt-pool")))));
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ApiResponse s = admin.get(deployments() + "/" + id + "/status");
            assertThat(s.body().path("deployment_status").asText()).as(s.toString()).isEqualTo(status);
        });
    }

    private List<JsonNode> runtimes(String id) {
        ApiResponse r = admin.get(SERVICES + "/" + serviceId + "/service-instances/" + id + "/instance-runtimes");
        List<JsonNode> out = new ArrayList<>();
        r.body().path("results").forEach(out::add);
        return out;
    }
}

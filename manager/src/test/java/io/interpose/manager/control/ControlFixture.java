package io.interpose.manager.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import io.interpose.protocol.control.ManagerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The policy the control-channel tests share: service "Acme AV" (vendor acme) with template GOLD, a
 * profile, group "production" (tag env|prod: web-01, db-01, win-app-01 on host-1; web-03, db-03 on
 * host-3) bound by rule prod-gold.
 */
final class ControlFixture {
    static final String INFRA = "/policy/api/v1/infra";
    static final String RULE = "/infra/domains/default/endpoint-policies/protect/endpoint-rules/prod-gold";
    static final String PROFILE = "/infra/service-references/acme-av/service-profiles/servers-gold";
    final TestManager server;
    final ApiClient admin;
    final String serviceId;

    ControlFixture(TestManager server) {
        this.server = server;
        this.admin = server.admin();
        ApiResponse service = admin.post("/api/v1/serviceinsertion/services", Bodies.eppService("Acme AV", "acme"));
        assertThat(service.status()).as(service.toString()).isEqualTo(201);
        serviceId = service.body().path("id").asText();
        ok(admin.post("/api/v1/serviceinsertion/services/" + serviceId + "/vendor-templates", Bodies.template("Gold", "GOLD")));
        ok(admin.post("/api/v1/serviceinsertion/services/" + serviceId + "/vendor-templates", Bodies.template("Silver", "SILVER")));
        ok(admin.put(INFRA + "/service-references/acme-av", Map.of("partner_service_name", "Acme AV")));
        ok(admin.put(INFRA + PROFILE.substring("/infra".length()), Map.of("display_name", "Servers (Gold)", "vendor_template_key", "GOLD")));
        ok(admin.put(INFRA + "/service-references/acme-av/service-profiles/servers-silver",
                Map.of("display_name", "Servers (Silver)", "vendor_template_key", "SILVER")));
        ok(admin.put(INFRA + "/domains/default/groups/production", Bodies.group("Tag", "EQUALS", "env|prod")));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/protect", Map.of("sequence_number", 10)));
        ok(admin.put(INFRA + RULE.substring("/infra".length()), Bodies.rule(0, List.of("/infra/domains/default/groups/production"), PROFILE)));
    }

    String joinToken(String hostId) {
        ApiResponse token = admin.post("/api/v1/fabric/hosts/" + hostId + "?action=create_join_token", null);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return token.body().path("join_token").asText();
    }

    /** A host enrolled through the API's join token, with its Sync stream open and its snapshot read. */
    TestHost enrolled(String hostId) {
        TestHost host = new TestHost(hostId, server.manager().controlCaCertificate());
        host.enrol(server.manager().controlPort(), joinToken(hostId));
        return host;
    }

    /** The service's API path. */
    String servicePath() {
        return "/api/v1/serviceinsertion/services/" + serviceId;
    }

    /** A deployment of the service on cluster-1 (hosts 1 and 2), with a static management NIC. */
    static Map<String, Object> deploymentBody() {
        return Map.of("display_name", "av", "deployment_spec_name", "standard",
                "instance_deployment_template", Map.of("name", "default", "attributes", List.of(Map.of("key", "license", "value", "ABC-123"))),
                "service_deployment_config", Map.of("compute_manager_id", "lab", "compute_collection_id", "cluster-1",
                        "vm_nic_info", Map.of("nic_infos", List.of(Map.of("nic_metadata", Map.of("interface_label", "mgmt"),
                                "network_id", "mgmt", "ip_allocation_type", "STATIC", "ip_pool_id", "mgmt-pool")))));
    }

    String vmId(String name) {
        return admin.get("/api/v1/fabric/virtual-machines?display_name=" + name).body().path("results").get(0).path("external_id").asText();
    }

    static ManagerMessage next(TestHost.Sync sync, Duration within) {
        return sync.next(within).orElseThrow(() -> new AssertionError("no control message within " + within + "; stream status "
                + sync.status()));
    }

    static ApiResponse ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 204);
        return response;
    }
}

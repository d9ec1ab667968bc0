package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
 * User story: a partner registers a service with protection levels; an administrator names a profile,
 * groups VMs by tag and binds them to the profile; the realized state shows each VM protected, and a
 * VM tagged into the group later is protected too.
 */
class PartnerToProtectionTest {
    static final String INFRA = "/policy/api/v1/infra";
    @TempDir
    Path dir;
    TestManager server;
    ApiClient admin;
    ApiClient partner;

    @BeforeEach
    void start() {
        server = TestManager.start(dir);
        admin = server.admin();
        partner = server.user("acme", "partner", "acme");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void partnerRegistersAndAdminProtectsAGroupOfVms() {
        ApiResponse service = partner.post("/api/v1/serviceinsertion/services", Bodies.eppService("Acme Antivirus", "acme"));
        assertThat(service.status()).as(service.toString()).isEqualTo(201);
        String serviceId = service.body().path("id").asText();
        assertThat(service.body().path("_revision").asInt()).isZero();
        assertThat(service.body().path("_create_user").asText()).isEqualTo("acme");
        assertThat(service.body().path("on_failure_policy").asText()).isEqualTo("ALLOW");
        for (String level : List.of("Gold", "Silver")) {
            ApiResponse t = partner.post("/api/v1/serviceinsertion/services/" + serviceId + "/vendor-templates",
                    Bodies.template(level, level.toUpperCase()));
            assertThat(t.status()).as(t.toString()).isEqualTo(200);
            assertThat(t.body().path("service_id").asText()).isEqualTo(serviceId);
        }

        put(INFRA + "/service-references/acme-av", Map.of("partner_service_name", "Acme Antivirus"));
        ApiResponse profile = put(INFRA + "/service-references/acme-av/service-profiles/servers-gold",
                Map.of("display_name", "Servers (Gold)", "vendor_template_key", "GOLD"));
        assertThat(profile.body().path("path").asText()).isEqualTo("/infra/service-references/acme-av/service-profiles/servers-gold");
        assertThat(profile.body().path("vendor_template_name").asText()).isEqualTo("Gold");
        put(INFRA + "/domains/default/groups/production", Bodies.group("Tag", "EQUALS", "env|prod"));
        put(INFRA + "/domains/default/endpoint-policies/protect", Map.of("sequence_number", 10));
        put(INFRA + "/domains/default/endpoint-policies/protect/endpoint-rules/prod-gold",
                Bodies.rule(0, List.of("/infra/domains/default/groups/production"), "/infra/service-references/acme-av/service-profiles/servers-gold"));

        List<String> members = names(admin.get(INFRA + "/domains/default/groups/production/members/virtual-machines"));
        assertThat(members).containsExactlyInAnyOrder("web-01", "db-01", "win-app-01", "web-03", "db-03");

        JsonNode web01 = protectionOf("web-01");
        assertThat(web01.path("protections")).hasSize(1);
        JsonNode p = web01.path("protections").get(0);
        assertThat(p.path("service_id").asText()).isEqualTo(serviceId);
        assertThat(p.path("service_name").asText()).isEqualTo("Acme Antivirus");
        assertThat(p.path("vendor_template_key").asText()).isEqualTo("GOLD");
        assertThat(p.path("endpoint_rule_path").asText()).isEqualTo("/infra/domains/default/endpoint-policies/protect/endpoint-rules/prod-gold");
        assertThat(protectionOf("web-02").path("protections")).isEmpty();

        ApiResponse status = admin.get(INFRA + "/realized-state/status?intent_path=/infra/domains/default/endpoint-policies/protect/endpoint-rules/prod-gold");
        assertThat(status.body().path("consolidated_status").asText()).isEqualTo("REALIZED");
        assertThat(status.body().path("vm_count").asInt()).isEqualTo(5);

        String web02 = vmId("web-02");
        ApiResponse tagged = partner.post("/api/v1/fabric/virtual-machines?action=update_tags",
                Map.of("external_id", web02, "tags", List.of(Map.of("scope", "env", "tag", "prod"))));
        assertThat(tagged.status()).as(tagged.toString()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(protectionOf("web-02").path("protections")).hasSize(1));
    }

    private ApiResponse put(String path, Object body) {
        ApiResponse r = admin.put(path, body);
        assertThat(r.status()).as("PUT %s: %s", path, r).isEqualTo(200);
        return r;
    }

    private JsonNode protectionOf(String name) {
        return admin.get(INFRA + "/realized-state/virtual-machines/" + vmId(name)).body();
    }

    private String vmId(String name) {
        return admin.get("/api/v1/fabric/virtual-machines?display_name=" + name).body().path("results").get(0).path("external_id").asText();
    }

    static List<String> names(ApiResponse list) {
        List<String> names = new ArrayList<>();
        list.body().path("results").forEach(vm -> names.add(vm.path("display_name").asText()));
        return names;
    }
}

package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.interpose.compute.lab.VmSpec;
import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import io.interpose.model.Tag;
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
 * User story: the compute manager owns the inventory; when a VM is created, renamed, tagged, migrated or
 * removed there, group membership and protection follow. Also: precedence between policies and
 * services, as documented.
 */
class InventoryDrivesPolicyTest {
    static final String INFRA = "/policy/api/v1/infra";
    @TempDir
    Path dir;
    TestManager server;
    ApiClient admin;

    @BeforeEach
    void start() {
        server = TestManager.start(dir);
        admin = server.admin();
        for (String vendor : List.of("acme", "globex")) {
            String sid = admin.post("/api/v1/serviceinsertion/services", Bodies.eppService(vendor + " AV", vendor)).body().path("id").asText();
            for (String level : List.of("Gold", "Silver")) {
                admin.post("/api/v1/serviceinsertion/services/" + sid + "/vendor-templates", Bodies.template(level, level.toUpperCase()));
                ok(admin.patch(INFRA + "/service-references/" + vendor, Map.of("partner_service_name", vendor + " AV")));
                ok(admin.put(INFRA + "/service-references/" + vendor + "/service-profiles/" + level.toLowerCase(),
                        Map.of("vendor_template_key", level.toUpperCase())));
            }
        }
        ok(admin.put(INFRA + "/domains/default/groups/web", Bodies.group("Name", "STARTSWITH", "web")));
        ok(admin.put(INFRA + "/domains/default/groups/prod", Bodies.group("Tag", "EQUALS", "env|prod")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void labChangesMoveVmsInAndOutOfGroups() {
        String group = INFRA + "/domains/default/groups/web/members/virtual-machines";
        assertThat(names(admin.get(group))).containsExactlyInAnyOrder("web-01", "web-02", "web-03");
        var added = server.lab().addVm(VmSpec.of("web-04", "host-2", "web-04.lab.local", "Ubuntu 24.04", List.of()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(names(admin.get(group))).contains("web-04"));
        server.lab().renameVm(added.externalId(), "api-04");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(names(admin.get(group))).doesNotContain("web-04", "api-04"));
        server.lab().renameVm(added.externalId(), "web-04");
        server.lab().migrateVm(added.externalId(), "host-3");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(admin.get("/api/v1/fabric/virtual-machines/" + added.externalId()).body().path("host_id").asText()).isEqualTo("host-3"));
        assertThat(names(admin.get(group))).contains("web-04");
        server.lab().removeVm(added.externalId());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(names(admin.get(group))).doesNotContain("web-04"));
    }

    @Test
    void theFirstMatchingRuleDecidesEachServiceAndServicesStack() {
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/early", Map.of("sequence_number", 1)));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/late", Map.of("sequence_number", 5)));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/late/endpoint-rules/all-silver",
                Bodies.rule(0, List.of("ANY"), INFRA_PROFILE("acme", "silver"))));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/early/endpoint-rules/web-gold",
                Bodies.rule(3, List.of("/infra/domains/default/groups/web"), INFRA_PROFILE("acme", "gold"))));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/early/endpoint-rules/prod-globex",
                Bodies.rule(4, List.of("/infra/domains/default/groups/prod"), INFRA_PROFILE("globex", "gold"))));

        JsonNode web01 = protection("web-01");
        assertThat(keys(web01)).containsExactlyInAnyOrder("acme AV=GOLD", "globex AV=GOLD");
        assertThat(ruleFor(web01, "acme AV")).endsWith("/web-gold");
        assertThat(keys(protection("db-02"))).containsExactly("acme AV=SILVER");
        assertThat(keys(protection("db-01"))).containsExactlyInAnyOrder("acme AV=SILVER", "globex AV=GOLD");

        ApiResponse status = admin.get(INFRA + "/realized-state/status?intent_path=/infra/domains/default/endpoint-policies/late/endpoint-rules/all-silver");
        assertThat(status.body().path("consolidated_status").asText()).isEqualTo("REALIZED");
        assertThat(status.body().path("vm_count").asInt()).isEqualTo(12 - 3);

        ok(admin.put(INFRA + "/domains/default/endpoint-policies/late", Map.of("sequence_number", 0, "_revision", 0)));
        assertThat(keys(protection("web-01"))).as("late now runs first").contains("acme AV=SILVER");
    }

    @Test
    void taggingThroughTheApiChangesProtectionAndTheRealizedStateSurvivesARestart() {
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/p", Map.of("sequence_number", 1)));
        ok(admin.put(INFRA + "/domains/default/endpoint-policies/p/endpoint-rules/prod",
                Bodies.rule(0, List.of("/infra/domains/default/groups/prod"), INFRA_PROFILE("globex", "silver"))));
        String jump = vmId("jump-01");
        assertThat(protection("jump-01").path("protections")).isEmpty();
        assertThat(admin.post("/api/v1/fabric/virtual-machines?action=update_tags",
                Map.of("external_id", jump, "tags", List.of(Map.of("scope", "env", "tag", "prod")))).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(keys(protection("jump-01"))).containsExactly("globex AV=SILVER"));
        assertThat(server.lab().vm(jump).orElseThrow().tags()).containsExactly(Tag.of("env", "prod"));
        ApiResponse unknown = admin.post("/api/v1/fabric/virtual-machines?action=update_tags", Map.of("external_id", "nope", "tags", List.of()));
        assertThat(unknown.status()).isEqualTo(404);

        server.close();
        server = TestManager.start(dir);
        admin = server.admin();
        assertThat(keys(protection("jump-01"))).containsExactly("globex AV=SILVER");
    }

    private static String INFRA_PROFILE(String reference, String profile) {
        return "/infra/service-references/" + reference + "/service-profiles/" + profile;
    }

    private JsonNode protection(String name) {
        return admin.get(INFRA + "/realized-state/virtual-machines/" + vmId(name)).body();
    }

    private String vmId(String name) {
        return admin.get("/api/v1/fabric/virtual-machines?display_name=" + name).body().path("results").get(0).path("external_id").asText();
    }

    private static List<String> keys(JsonNode protection) {
        List<String> keys = new ArrayList<>();
        protection.path("protections").forEach(p -> keys.add(p.path("service_name").asText() + "=" + p.path("vendor_template_key").asText()));
        return keys;
    }

    private static String ruleFor(JsonNode protection, String service) {
        for (JsonNode p : protection.path("protections")) {
            if (p.path("service_name").asText().equals(service)) {
                return p.path("endpoint_rule_path").asText();
            }
        }
        return "";
    }

    private static List<String> names(ApiResponse list) {
        return PartnerToProtectionTest.names(list);
    }

    private static void ok(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }
}

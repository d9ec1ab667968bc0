package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User story: bad input gets one clear error and changes nothing. */
class BadInputTest {
    static final String SERVICES = "/api/v1/serviceinsertion/services";
    static final String GROUPS = "/policy/api/v1/infra/domains/default/groups";
    @TempDir
    static Path dir;
    static TestManager server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestManager.start(dir);
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void malformedJsonIsRefusedWithItsLocation() {
        ApiResponse r = admin.send("POST", SERVICES, "{\"display_name\": \"x\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(100);
        assertThat(r.errorMessage()).contains("not valid JSON").contains("line 1");
        assertThat(serviceCount()).isZero();
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        ApiResponse r = admin.send("PUT", GROUPS + "/g", "[1, 2]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("must be a JSON object");
    }

    @Test
    void wrongTypesNameTheField() {
        ApiResponse r = admin.put("/policy/api/v1/infra/domains/default/endpoint-policies/p", Map.of("sequence_number", "first"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("sequence_number");
        assertThat(admin.get("/policy/api/v1/infra/domains/default/endpoint-policies/p").status()).isEqualTo(404);
    }

    @Test
    void unknownEnumValuesListTheAllowedValues() {
        Map<String, Object> body = new HashMap<>(Bodies.eppService("Enum Test", "acme"));
        body.put("functionalities", List.of("ANTIVIRUS"));
        ApiResponse r = admin.post(SERVICES, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("functionalities").contains("ANTIVIRUS").contains("EPP").contains("NG_FW");
        assertThat(serviceCount()).isZero();
    }

    @Test
    void missingRequiredFieldsAreAllListed() {
        ApiResponse r = admin.post(SERVICES, Map.of("display_name", "Nothing"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(102);
        assertThat(r.body().path("related_errors").size()).isGreaterThanOrEqualTo(3);
        assertThat(r.errorMessage()).contains("functionalities").contains("vendor_id").contains("service_deployment_spec");
        assertThat(serviceCount()).isZero();
    }

    @Test
    void unknownFieldsAreRefused() {
        ApiResponse r = admin.put("/policy/api/v1/infra/domains/default/endpoint-policies/p2", Map.of("sequence_nmber", 3));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("Unknown field 'sequence_nmber'");
    }

    @Test
    void bodiesOverTheLimitGet413() {
        String huge = "{\"description\": \"" + "x".repeat(1_100_000) + "\"}";
        ApiResponse r = admin.send("PUT", GROUPS + "/huge", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo(105);
        assertThat(admin.get(GROUPS + "/huge").status()).isEqualTo(404);
    }

    @Test
    void referencesToMissingObjectsAreRefused() {
        ApiResponse r = admin.put(GROUPS + "/outer", Map.of("expression",
                List.of(Map.of("resource_type", "PathExpression", "paths", List.of("/infra/domains/default/groups/nowhere")))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("/infra/domains/default/groups/nowhere").contains("does not exist");
        ApiResponse rule = admin.put("/policy/api/v1/infra/domains/default/endpoint-policies/missing/endpoint-rules/r",
                Bodies.rule(0, List.of("ANY"), "/infra/service-references/x/service-profiles/y"));
        assertThat(rule.status()).isEqualTo(404);
        ApiResponse reference = admin.put("/policy/api/v1/infra/service-references/nope", Map.of("partner_service_name", "No Such Service"));
        assertThat(reference.status()).isEqualTo(400);
        assertThat(reference.errorMessage()).contains("No Such Service");
    }

    @Test
    void invalidGroupExpressionsAreRefusedWithEveryProblem() {
        Map<String, Object> condition = Bodies.condition("Name", "EQUALS", "web");
        ApiResponse even = admin.put(GROUPS + "/even", Map.of("expression", List.of(condition, condition)));
        assertThat(even.status()).isEqualTo(400);
        assertThat(even.errorMessage()).contains("expression");
        ApiResponse badType = admin.put(GROUPS + "/bad-type", Map.of("expression", List.of(Map.of("resource_type", "IPAddressExpression"))));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.errorMessage()).contains("IPAddressExpression");
        ApiResponse memberType = admin.put(GROUPS + "/bad-member", Map.of("expression", List.of(Map.of("resource_type", "Condition",
                "member_type", "IPSet", "key", "Name", "operator", "EQUALS", "value", "x"))));
        assertThat(memberType.status()).isEqualTo(400);
        assertThat(memberType.errorMessage()).contains("VirtualMachine");
        assertThat(admin.get(GROUPS).body().path("result_count").asInt()).isZero();
    }

    @Test
    void groupsCannotContainThemselves() {
        assertThat(admin.put(GROUPS + "/a", Bodies.group("Name", "STARTSWITH", "web")).status()).isEqualTo(200);
        Map<String, Object> refersToA = Map.of("expression", List.of(Map.of("resource_type", "PathExpression",
                "paths", List.of("/infra/domains/default/groups/a"))));
        assertThat(admin.put(GROUPS + "/b", refersToA).status()).isEqualTo(200);
        ApiResponse current = admin.get(GROUPS + "/a");
        Map<String, Object> cycle = Map.of("_revision", current.body().path("_revision").asLong(), "expression",
                List.of(Map.of("resource_type", "PathExpression", "paths", List.of("/infra/domains/default/groups/b"))));
        ApiResponse r = admin.put(GROUPS + "/a", cycle);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("would contain itself");
        assertThat(admin.get(GROUPS + "/a").body().path("expression").get(0).path("resource_type").asText()).isEqualTo("Condition");
        admin.delete(GROUPS + "/b");
        admin.delete(GROUPS + "/a");
    }

    @Test
    void deletingAReferencedObjectIsRefusedNamingTheDependents() {
        assertThat(admin.put(GROUPS + "/used", Bodies.group("Name", "CONTAINS", "db")).status()).isEqualTo(200);
        assertThat(admin.put(GROUPS + "/user", Map.of("expression", List.of(Map.of("resource_type", "PathExpression",
                "paths", List.of("/infra/domains/default/groups/used"))))).status()).isEqualTo(200);
        ApiResponse r = admin.delete(GROUPS + "/used");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo(208);
        assertThat(r.body().path("related_errors").get(0).path("error_message").asText()).contains("/infra/domains/default/groups/user");
        assertThat(admin.get(GROUPS + "/used").status()).isEqualTo(200);
        assertThat(admin.delete(GROUPS + "/user").status()).isEqualTo(200);
        assertThat(admin.delete(GROUPS + "/used").status()).isEqualTo(200);
    }

    @Test
    void invalidQueryParametersAreRefused() {
        assertThat(admin.get(GROUPS + "?page_size=0").status()).isEqualTo(400);
        assertThat(admin.get(GROUPS + "?page_size=ten").status()).isEqualTo(400);
        assertThat(admin.get(GROUPS + "?cursor=%21%21garbage").status()).isEqualTo(400);
        assertThat(admin.delete("/policy/api/v1/infra/service-references/x?cascade=maybe").status()).isEqualTo(400);
    }

    @Test
    void unknownEndpointsAnswerWithTheErrorShape() {
        ApiResponse r = admin.get("/api/v1/no-such-thing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("error_message").asText()).contains("/api/v1/no-such-thing");
    }

    private static int serviceCount() {
        return admin.get(SERVICES).body().path("result_count").asInt();
    }
}

package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User story: nobody gets in where they do not belong; a partner sees and changes only its own services. */
class AccessControlTest {
    static final String SERVICES = "/api/v1/serviceinsertion/services";
    static final String GROUPS = "/policy/api/v1/infra/domains/default/groups";
    @TempDir
    static Path dir;
    static TestManager server;
    static ApiClient admin;
    static ApiClient acme;
    static ApiClient globex;
    static ApiClient auditor;
    static ApiClient security;
    static String acmeService;

    @BeforeAll
    static void start() {
        server = TestManager.start(dir);
        admin = server.admin();
        acme = server.user("acme", "partner", "acme");
        globex = server.user("globex", "partner", "globex");
        auditor = server.user("audrey", "auditor", "");
        security = server.user("sec", "security_admin", "");
        acmeService = acme.post(SERVICES, Bodies.eppService("Acme AV", "acme")).body().path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyTheHealthCheckIsOpen() {
        assertThat(server.anonymous().get("/api/v1/health").status()).isEqualTo(200);
        ApiResponse r = server.anonymous().get(SERVICES);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(server.anonymous().get("/api/v1/spec/openapi.json").status()).isEqualTo(401);
        assertThat(server.anonymous().withBasic("admin", "wrong-password-123").get(SERVICES).status()).isEqualTo(401);
        assertThat(server.anonymous().withBearer("not-a-token").get(SERVICES).status()).isEqualTo(401);
        assertThat(server.anonymous().withAuthorization("Digest abc").get(SERVICES).status()).isEqualTo(401);
    }

    @Test
    void partnersSeeOnlyTheirOwnServices() {
        assertThat(globex.get(SERVICES).body().path("result_count").asInt()).isZero();
        assertThat(acme.get(SERVICES).body().path("result_count").asInt()).isEqualTo(1);
        assertThat(globex.get(SERVICES + "/" + acmeService).status()).isEqualTo(404);
        assertThat(globex.delete(SERVICES + "/" + acmeService).status()).isEqualTo(404);
        assertThat(globex.post(SERVICES + "/" + acmeService + "/vendor-templates", Bodies.template("Gold", "GOLD")).status()).isEqualTo(404);
        assertThat(admin.get(SERVICES + "/" + acmeService).status()).isEqualTo(200);
        assertThat(acme.get(SERVICES + "/" + acmeService + "/service-deployments").status())
                .as("a partner reads the deployments of its own services (to find its SVMs' runtimes)").isEqualTo(200);
        assertThat(acme.get(SERVICES + "/" + acmeService + "/service-instances").status()).isEqualTo(200);
        assertThat(globex.get(SERVICES + "/" + acmeService + "/service-deployments").status()).isEqualTo(404);
        assertThat(acme.post(SERVICES + "/" + acmeService + "/service-deployments", Map.of()).status())
                .as("but deploying stays the administrator's").isEqualTo(403);
    }

    @Test
    void aPartnerCannotRegisterForAnotherVendor() {
        ApiResponse r = globex.post(SERVICES, Bodies.eppService("Fake Acme", "acme"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(admin.get(SERVICES).body().path("results").findValuesAsText("display_name")).doesNotContain("Fake Acme");
    }

    @Test
    void aPartnerCannotMoveItsServiceToAnotherVendor() {
        ApiResponse current = acme.get(SERVICES + "/" + acmeService);
        Map<String, Object> body = new java.util.HashMap<>(Bodies.eppService("Acme AV", "globex"));
        body.put("_revision", current.body().path("_revision").asLong());
        assertThat(acme.put(SERVICES + "/" + acmeService, body).status()).isEqualTo(400);
    }

    @Test
    void partnersCannotTouchPolicyOrUsers() {
        assertThat(acme.put(GROUPS + "/g", Bodies.group("Name", "EQUALS", "web-01")).status()).isEqualTo(403);
        assertThat(acme.get(GROUPS).status()).isEqualTo(403);
        assertThat(acme.get("/api/v1/aaa/users").status()).isEqualTo(403);
        assertThat(acme.get("/api/v1/aaa/audit-log").status()).isEqualTo(403);
        assertThat(acme.get("/lab/api/v1/inventory").status()).isEqualTo(404);
    }

    @Test
    void partnersMayReadInventoryAndTagVms() {
        ApiResponse vms = acme.get("/api/v1/fabric/virtual-machines");
        assertThat(vms.status()).isEqualTo(200);
        String vm = vms.body().path("results").get(0).path("external_id").asText();
        assertThat(acme.post("/api/v1/fabric/virtual-machines?action=update_tags",
                Map.of("external_id", vm, "tags", List.of(Map.of("scope", "acme", "tag", "quarantine")))).status()).isEqualTo(204);
    }

    @Test
    void auditorsReadButNeverWrite() {
        assertThat(auditor.get(SERVICES).status()).isEqualTo(200);
        assertThat(auditor.get(GROUPS).status()).isEqualTo(200);
        assertThat(auditor.get("/api/v1/aaa/audit-log").status()).isEqualTo(200);
        assertThat(auditor.put(GROUPS + "/g", Bodies.group("Name", "EQUALS", "web-01")).status()).isEqualTo(403);
        assertThat(auditor.post(SERVICES, Bodies.eppService("Auditor AV", "x")).status()).isEqualTo(403);
        assertThat(auditor.get("/api/v1/aaa/users").status()).isEqualTo(403);
    }

    @Test
    void securityAdminsRunPolicyButNotUsers() {
        assertThat(security.put(GROUPS + "/sec-group", Bodies.group("OSName", "CONTAINS", "windows")).status()).isEqualTo(200);
        assertThat(security.post("/api/v1/aaa/users", Map.of("username", "eve", "password", "eve-password-123",
                "roles", List.of("enterprise_admin"))).status()).isEqualTo(403);
    }

    @Test
    void apiTokensAuthenticateUntilRevoked() {
        ApiResponse created = acme.post("/api/v1/aaa/tokens", null);
        assertThat(created.status()).isEqualTo(201);
        String token = created.body().path("token").asText();
        ApiClient bearer = server.anonymous().withBearer(token);
        assertThat(bearer.get(SERVICES).body().path("result_count").asInt()).isEqualTo(1);
        assertThat(acme.get("/api/v1/aaa/tokens").body().path("results").get(0).has("token")).isFalse();
        assertThat(acme.delete("/api/v1/aaa/tokens/" + created.body().path("id").asText()).status()).isEqualTo(200);
        assertThat(bearer.get(SERVICES).status()).isEqualTo(401);
    }

    @Test
    void repeatedFailedLoginsLockTheAccountUntilAnAdminUnlocksIt() {
        ApiClient victim = server.user("victim", "auditor", "");
        for (int i = 0; i < 5; i++) {
            assertThat(server.anonymous().withBasic("victim", "not-the-password-" + i).get(SERVICES).status()).isEqualTo(401);
        }
        ApiResponse locked = victim.get(SERVICES);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.errorCode()).isEqualTo(423);
        assertThat(admin.get("/api/v1/aaa/users/victim").body().path("locked").asBoolean()).isTrue();
        assertThat(admin.post("/api/v1/aaa/users/victim?action=unlock", null).status()).isEqualTo(200);
        assertThat(victim.get(SERVICES).status()).isEqualTo(200);
    }

    @Test
    void usersAreValidatedAndPasswordsNeverShown() {
        ApiResponse bad = admin.post("/api/v1/aaa/users", Map.of("username", "bad user", "password", "short",
                "roles", List.of("superuser")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).contains("username").contains("password").contains("superuser").contains("enterprise_admin");
        ApiResponse partnerWithoutVendor = admin.post("/api/v1/aaa/users", Map.of("username", "nov", "password", "a-long-password-1",
                "roles", List.of("partner")));
        assertThat(partnerWithoutVendor.status()).isEqualTo(400);
        assertThat(partnerWithoutVendor.errorMessage()).contains("vendor_id");
        assertThat(admin.get("/api/v1/aaa/users").raw()).doesNotContain("pbkdf2").doesNotContain("password");
    }

    @Test
    void everyWriteIsAudited() {
        security.put(GROUPS + "/audited", Bodies.group("Name", "EQUALS", "db-01"));
        auditor.put(GROUPS + "/refused", Bodies.group("Name", "EQUALS", "db-01"));
        ApiResponse log = auditor.get("/api/v1/aaa/audit-log?page_size=50");
        assertThat(log.body().path("results")).anySatisfy(e -> {
            assertThat(e.path("user").asText()).isEqualTo("sec");
            assertThat(e.path("method").asText()).isEqualTo("PUT");
            assertThat(e.path("path").asText()).isEqualTo(GROUPS + "/audited");
            assertThat(e.path("status").asInt()).isEqualTo(200);
        });
        assertThat(log.body().path("results")).anySatisfy(e -> {
            assertThat(e.path("user").asText()).isEqualTo("audrey");
            assertThat(e.path("status").asInt()).isEqualTo(403);
        });
    }
}

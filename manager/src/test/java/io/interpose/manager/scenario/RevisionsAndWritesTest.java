package io.interpose.manager.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.testing.ApiClient;
import io.interpose.manager.testing.ApiResponse;
import io.interpose.manager.testing.Bodies;
import io.interpose.manager.testing.TestManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User story: optimistic concurrency and the write verbs behave as documented. */
class RevisionsAndWritesTest {
    static final String POLICIES = "/policy/api/v1/infra/domains/default/endpoint-policies";
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
    void aStaleRevisionGets412AndChangesNothing() {
        ApiResponse created = admin.put(POLICIES + "/stale", Map.of("sequence_number", 1));
        assertThat(created.body().path("_revision").asLong()).isZero();
        ApiResponse updated = admin.put(POLICIES + "/stale", Map.of("sequence_number", 2, "_revision", 0));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().path("_revision").asLong()).isEqualTo(1);
        ApiResponse stale = admin.put(POLICIES + "/stale", Map.of("sequence_number", 3, "_revision", 0));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorCode()).isEqualTo(206);
        assertThat(stale.body().path("httpStatus").asText()).isEqualTo("PRECONDITION_FAILED");
        assertThat(admin.get(POLICIES + "/stale").body().path("sequence_number").asInt()).isEqualTo(2);
    }

    @Test
    void replacingWithoutARevisionIsRefused() {
        admin.put(POLICIES + "/norev", Map.of("sequence_number", 1));
        ApiResponse r = admin.put(POLICIES + "/norev", Map.of("sequence_number", 5));
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.errorMessage()).contains("_revision");
        assertThat(admin.get(POLICIES + "/norev").body().path("sequence_number").asInt()).isEqualTo(1);
    }

    @Test
    void patchCreatesAndUpdatesWithoutARevision() {
        ApiResponse created = admin.patch(POLICIES + "/patched", Map.of("sequence_number", 7));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.raw()).isEmpty();
        assertThat(admin.patch(POLICIES + "/patched", Map.of("sequence_number", 8)).status()).isEqualTo(200);
        ApiResponse read = admin.get(POLICIES + "/patched");
        assertThat(read.body().path("sequence_number").asInt()).isEqualTo(8);
        assertThat(read.body().path("_revision").asLong()).isEqualTo(1);
        assertThat(read.body().path("path").asText()).isEqualTo("/infra/domains/default/endpoint-policies/patched");
        assertThat(read.body().path("parent_path").asText()).isEqualTo("/infra/domains/default");
        assertThat(read.body().path("relative_path").asText()).isEqualTo("patched");
        assertThat(read.body().path("display_name").asText()).isEqualTo("patched");
    }

    @Test
    void aBodyIdMustMatchThePath() {
        ApiResponse r = admin.put(POLICIES + "/one", Map.of("id", "two", "sequence_number", 1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(admin.get(POLICIES + "/one").status()).isEqualTo(404);
    }

    @Test
    void ofTwoConcurrentUpdatesAtTheSameRevisionExactlyOneWins() throws Exception {
        admin.put(POLICIES + "/race", Map.of("sequence_number", 0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                int sequence = i;
                writers.add(() -> admin.put(POLICIES + "/race", Map.of("sequence_number", sequence, "_revision", 0)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(writers)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            assertThat(admin.get(POLICIES + "/race").body().path("_revision").asLong()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsPageWithCursorsWithoutGapsOrDuplicates() {
        for (int i = 0; i < 25; i++) {
            admin.patch("/policy/api/v1/infra/domains/paging/groups/g" + String.format("%02d", i), Bodies.group("Name", "EQUALS", "x" + i));
        }
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            ApiResponse page = admin.get("/policy/api/v1/infra/domains/paging/groups?page_size=10" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            assertThat(page.body().path("result_count").asInt()).isEqualTo(25);
            page.body().path("results").forEach(g -> assertThat(seen.add(g.path("id").asText())).isTrue());
            cursor = page.body().path("cursor").asText();
            pages++;
        } while (!cursor.isEmpty());
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void deletingAServiceWithTemplatesNeedsCascadeAndPolicyReferencesAlwaysBlock() {
        String sid = admin.post("/api/v1/serviceinsertion/services", Bodies.eppService("Cascade AV", "cascade")).body().path("id").asText();
        String templates = "/api/v1/serviceinsertion/services/" + sid + "/vendor-templates";
        String tid = admin.post(templates, Bodies.template("Basic", "BASIC")).body().path("id").asText();
        ApiResponse refused = admin.delete("/api/v1/serviceinsertion/services/" + sid);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("related_errors").toString()).contains(tid);

        admin.put("/policy/api/v1/infra/service-references/cascade", Map.of("partner_service_name", "Cascade AV"));
        admin.put("/policy/api/v1/infra/service-references/cascade/service-profiles/basic", Map.of("vendor_template_name", "Basic"));
        ApiResponse templateInUse = admin.delete(templates + "/" + tid);
        assertThat(templateInUse.status()).isEqualTo(409);
        assertThat(templateInUse.body().path("related_errors").toString()).contains("/infra/service-references/cascade/service-profiles/basic");
        ApiResponse stillReferenced = admin.delete("/api/v1/serviceinsertion/services/" + sid + "?cascade=true");
        assertThat(stillReferenced.status()).isEqualTo(409);

        assertThat(admin.delete("/policy/api/v1/infra/service-references/cascade").status()).isEqualTo(409);
        assertThat(admin.delete("/policy/api/v1/infra/service-references/cascade?cascade=true").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/serviceinsertion/services/" + sid + "?cascade=true").status()).isEqualTo(200);
        assertThat(admin.get(templates + "/" + tid).status()).isEqualTo(404);
    }

    @Test
    void guestIntrospectionProfilesTakeNoAttributeOverrides() {
        admin.post("/api/v1/serviceinsertion/services", Bodies.eppService("Overrides AV", "ov")).body().path("id").asText();
        String sid = admin.get("/api/v1/serviceinsertion/services").body().path("results").findValues("id").stream()
                .map(n -> n.asText()).filter(id -> admin.get("/api/v1/serviceinsertion/services/" + id).body()
                        .path("display_name").asText().equals("Overrides AV")).findFirst().orElseThrow();
        admin.post("/api/v1/serviceinsertion/services/" + sid + "/vendor-templates", Bodies.template("Gold", "GOLD"));
        admin.put("/policy/api/v1/infra/service-references/ov", Map.of("partner_service_name", "Overrides AV"));
        Map<String, Object> profile = new HashMap<>(Map.of("vendor_template_key", "GOLD",
                "attributes", List.of(Map.of("key", "scan_depth", "value", "3"))));
        ApiResponse r = admin.put("/policy/api/v1/infra/service-references/ov/service-profiles/p", profile);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorMessage()).contains("Guest Introspection");
        profile.remove("attributes");
        profile.put("vendor_template_key", "PLATINUM");
        ApiResponse unknown = admin.put("/policy/api/v1/infra/service-references/ov/service-profiles/p", profile);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorMessage()).contains("PLATINUM");
        profile.put("vendor_template_key", "GOLD");
        assertThat(admin.put("/policy/api/v1/infra/service-references/ov/service-profiles/p", profile).status()).isEqualTo(200);
        assertThat(admin.put("/policy/api/v1/infra/service-references/ov/service-profiles/p2", profile).status())
                .as("several profiles may come from one template").isEqualTo(200);
    }
}

package io.interpose.manager.control;

import static io.interpose.manager.control.ControlFixture.INFRA;
import static io.interpose.manager.control.ControlFixture.RULE;
import static io.interpose.manager.control.ControlFixture.next;
import static io.interpose.manager.control.ControlFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interpose.manager.testing.TestManager;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DesiredStateDelta;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ManagerMessage;
import io.interpose.protocol.control.ServiceBinding;
import io.interpose.protocol.control.VmProtection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User story: an enrolled host agent opens its Sync stream and gets a snapshot of exactly its own VMs
 * with the profiles protecting them; a tag or rule change reaches it as a delta within a second; its
 * acks show in the realized-state API; after a manager restart it gets a new snapshot with a higher
 * generation.
 */
class DesiredStateSyncTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
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
    void theSnapshotHoldsTheHostsOwnVmsWithTheirProtections() {
        try (TestHost one = fixture.enrolled("host-1"); TestHost two = fixture.enrolled("host-2")) {
            DesiredState first = next(one.sync(server.manager().controlPort(), 0), Duration.ofSeconds(10)).getSnapshot();
            DesiredState second = next(two.sync(server.manager().controlPort(), 0), Duration.ofSeconds(10)).getSnapshot();
            assertThat(first.getHostId()).isEqualTo("host-1");
            assertThat(first.getGeneration()).isEqualTo(1);
            assertThat(first.getVmsList()).extracting(VmProtection::getVmName)
                    .containsExactlyInAnyOrder("web-01", "db-01", "win-app-01", "dev-box-01");
            assertThat(second.getHostId()).isEqualTo("host-2");
            assertThat(second.getVmsList()).extracting(VmProtection::getVmName)
                    .containsExactlyInAnyOrder("web-02", "db-02", "win-app-02", "jump-01")
                    .doesNotContainAnyElementsOf(List.of("web-01", "db-01"));
            VmProtection web01 = vm(first, "web-01");
            assertThat(web01.getOsFamily()).isEqualTo("LINUX");
            assertThat(vm(first, "win-app-01").getOsFamily()).isEqualTo("WINDOWS");
            assertThat(web01.getBindingsList()).singleElement().satisfies(b -> {
                assertThat(b.getServiceId()).isEqualTo(fixture.serviceId);
                assertThat(b.getProfileId()).isEqualTo("servers-gold");
                assertThat(b.getVendorTemplateKey()).isEqualTo("GOLD");
                assertThat(b.getRulePathsList()).containsExactly(RULE);
            });
            assertThat(vm(first, "dev-box-01").getBindingsList()).isEmpty();
            assertThat(first.getServicesList()).singleElement().satisfies(s -> {
                assertThat(s.getServiceId()).isEqualTo(fixture.serviceId);
                assertThat(s.getDisplayName()).isEqualTo("Acme AV");
                assertThat(s.getFailurePolicy()).isEqualTo(FailurePolicy.ALLOW);
                assertThat(s.getVerdictTimeoutMs()).isEqualTo(1000);
            });
            assertThat(second.getServicesList()).isEmpty();
            assertThat(first.getEndpointsList()).isEmpty();
        }
    }

    @Test
    void aTagChangeAndARuleChangeReachTheHostWithinASecond() {
        try (TestHost two = fixture.enrolled("host-2")) {
            TestHost.Sync sync = two.sync(server.manager().controlPort(), 0);
            long generation = next(sync, Duration.ofSeconds(10)).getSnapshot().getGeneration();

            ok(fixture.admin.post("/api/v1/fabric/virtual-machines?action=update_tags", Map.of("external_id", fixture.vmId("web-02"),
                    "tags", List.of(Map.of("scope", "env", "tag", "prod")))));
            DesiredStateDelta tagged = deltaWithin(sync, SECOND);
            assertThat(tagged.getBaseGeneration()).isEqualTo(generation);
            assertThat(tagged.getGeneration()).isEqualTo(generation + 1);
            assertThat(tagged.getUpsertVmsList()).singleElement().satisfies(vm -> {
                assertThat(vm.getVmName()).isEqualTo("web-02");
                assertThat(vm.getBindingsList()).extracting(ServiceBinding::getVendorTemplateKey).containsExactly("GOLD");
            });
            assertThat(tagged.getUpsertServicesList()).singleElement().satisfies(s -> assertThat(s.getServiceId()).isEqualTo(fixture.serviceId));

            JsonNode rule = fixture.admin.get(INFRA + RULE.substring("/infra".length())).body();
            ok(fixture.admin.put(INFRA + RULE.substring("/infra".length()), Map.of("sequence_number", 0,
                    "groups", List.of("/infra/domains/default/groups/production"),
                    "service_profiles", List.of("/infra/service-references/acme-av/service-profiles/servers-silver"),
                    "_revision", rule.path("_revision").asLong())));
            DesiredStateDelta ruleChanged = deltaWithin(sync, SECOND);
            assertThat(ruleChanged.getBaseGeneration()).isEqualTo(generation + 1);
            assertThat(ruleChanged.getUpsertVmsList()).singleElement().satisfies(vm ->
                    assertThat(vm.getBindings(0).getVendorTemplateKey()).isEqualTo("SILVER"));
        }
    }

    @Test
    void aServiceChangeReachesTheHostWithinASecond() {
        try (TestHost one = fixture.enrolled("host-1")) {
            TestHost.Sync sync = one.sync(server.manager().controlPort(), 0);
            next(sync, Duration.ofSeconds(10));
            JsonNode service = fixture.admin.get("/api/v1/serviceinsertion/services/" + fixture.serviceId).body();
            ObjectNode failClosed = service.deepCopy();
            failClosed.put("on_failure_policy", "BLOCK");
            ok(fixture.admin.put("/api/v1/serviceinsertion/services/" + fixture.serviceId, failClosed));

            DesiredStateDelta changed = deltaWithin(sync, SECOND);
            assertThat(changed.getUpsertServicesList()).singleElement()
                    .satisfies(s -> assertThat(s.getFailurePolicy()).isEqualTo(FailurePolicy.BLOCK));
        }
    }

    @Test
    void acksBecomePerHostRealizedStateAndHostsNeverSeenAreUnknown() {
        try (TestHost one = fixture.enrolled("host-1")) {
            TestHost.Sync sync = one.sync(server.manager().controlPort(), 0);
            long generation = next(sync, Duration.ofSeconds(10)).getSnapshot().getGeneration();
            JsonNode before = status(RULE);
            assertThat(before.path("consolidated_status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(hostStatus(before, "host-1").path("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(hostStatus(before, "host-3").path("status").asText()).as("never connected").isEqualTo("UNKNOWN");

            sync.ack(generation);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(hostStatus(status(RULE), "host-1").path("status").asText()).isEqualTo("REALIZED"));
            JsonNode policy = status("/infra/domains/default/endpoint-policies/protect");
            assertThat(hostStatus(policy, "host-1").path("applied_generation").asLong()).isEqualTo(generation);
            assertThat(policy.path("consolidated_status").asText()).isEqualTo("REALIZED");
            JsonNode host = ok(fixture.admin.get("/api/v1/fabric/hosts/host-1/guest-introspection")).body();
            assertThat(host.path("connection_status").asText()).isEqualTo("CONNECTED");
            assertThat(host.path("applied_generation").asLong()).isEqualTo(generation);
            assertThat(host.path("agent_version").asText()).isEqualTo("test-1.0");
        }
    }

    @Test
    void afterAManagerRestartTheHostGetsASnapshotWithAHigherGeneration() {
        try (TestHost one = fixture.enrolled("host-1")) {
            TestHost.Sync sync = one.sync(server.manager().controlPort(), 0);
            long generation = next(sync, Duration.ofSeconds(10)).getSnapshot().getGeneration();
            sync.ack(generation);
            server.restartManager();
            await().atMost(Duration.ofSeconds(10)).until(() -> sync.status().isPresent());
            TestHost.Sync again = one.sync(server.manager().controlPort(), generation);
            ManagerMessage message = next(again, Duration.ofSeconds(10));
            assertThat(message.hasSnapshot()).isTrue();
            assertThat(message.getSnapshot().getGeneration()).isGreaterThan(generation);
            assertThat(message.getSnapshot().getVmsList()).hasSize(4);
            ok(fixture.admin.post("/api/v1/fabric/hosts/host-1?action=create_join_token", null));
        }
    }

    private DesiredStateDelta deltaWithin(TestHost.Sync sync, Duration within) {
        ManagerMessage message = next(sync, within);
        assertThat(message.hasDelta()).as("a delta, got %s", message).isTrue();
        return message.getDelta();
    }

    private JsonNode status(String intent) {
        return ok(fixture.admin.get(INFRA + "/realized-state/status?intent_path=" + intent)).body();
    }

    private static JsonNode hostStatus(JsonNode status, String hostId) {
        for (JsonNode host : status.path("enforcement_point_realized_statuses").path(0).path("host_statuses")) {
            if (host.path("host_id").asText().equals(hostId)) {
                return host;
            }
        }
        throw new AssertionError("no status for " + hostId + " in " + status);
    }

    private static VmProtection vm(DesiredState state, String name) {
        return state.getVmsList().stream().filter(v -> v.getVmName().equals(name)).findFirst().orElseThrow();
    }

}

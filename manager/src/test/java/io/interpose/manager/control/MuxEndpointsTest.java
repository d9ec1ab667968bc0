package io.interpose.manager.control;

import static io.interpose.manager.control.ControlFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.compute.ovf.EnvironmentKeys;
import io.interpose.manager.store.Database;
import io.interpose.manager.store.DatabaseConfig;
import io.interpose.manager.testing.TestManager;
import io.interpose.protocol.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each host's MUX listens for SVMs: kept across restarts, and given to an SVM deployed before its
 * host agent ever connected as soon as the agent does.
 */
class MuxEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void anEndpointSurvivesARestartAndOnlyANewOrChangedOneIsAnnounced() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> announced = new CopyOnWriteArrayList<>();
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            MuxEndpoints endpoints = new MuxEndpoints(database, clock);
            endpoints.onChange(announced::add);
            endpoints.reported("host-1", "10.0.0.1:9445");
            endpoints.reported("host-1", "10.0.0.1:9445");
            endpoints.reported("host-1", "");
            endpoints.reported("host-1", "10.0.0.9:9445");
            assertThat(announced).containsExactly("host-1", "host-1");
        }
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            MuxEndpoints endpoints = new MuxEndpoints(database, clock);
            assertThat(endpoints.partnerEndpoint("host-1")).contains("10.0.0.9:9445");
            assertThat(endpoints.partnerEndpoint("host-2")).isEmpty();
        }
    }

    @Test
    void anEndpointThatIsNotHostAndPortIsIgnored() {
        List<String> announced = new CopyOnWriteArrayList<>();
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            MuxEndpoints endpoints = new MuxEndpoints(database, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
            endpoints.onChange(announced::add);
            for (String bad : List.of("10.0.0.1", "10.0.0.1:0", "10.0.0.1:70000", "<x>:9445", "host:port", "a".repeat(300) + ":1",
                    "10.0.0.1:9445; rm -rf /")) {
                endpoints.reported("host-1", bad);
            }
            endpoints.reported("host-2", "[fd00::1]:9445");
            endpoints.reported("host-3", "esx-3.example.com:9445");

            assertThat(endpoints.partnerEndpoint("host-1")).isEmpty();
            assertThat(endpoints.partnerEndpoint("host-2")).contains("[fd00::1]:9445");
            assertThat(announced).containsExactly("host-2", "host-3");
        }
    }

    @Test
    void anSvmDeployedBeforeItsHostAgentConnectedGetsTheMuxAddressWhenTheAgentConnects() throws IOException {
        try (TestManager server = TestManager.start(dir)) {
            ControlFixture fixture = new ControlFixture(server);
            String deployment = ok(fixture.admin.post(fixture.servicePath() + "/service-deployments", ControlFixture.deploymentBody()))
                    .body().path("id").asText();
            Path environment = server.agents().svmDirectory(deployment + "@host-1").resolve("ovf-env.xml");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(environment));
            assertThat(Files.readString(environment)).doesNotContain(EnvironmentKeys.MUX_ADDRESS);

            try (TestHost host = fixture.enrolled("host-1")) {
                host.sync(server.manager().controlPort(), 0);

                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(environment)
                        && Files.readString(environment).contains("127.0.0.1:7443"));
            }
        }
    }
}

package io.interpose.manager.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.manager.store.Database;
import io.interpose.manager.store.DatabaseConfig;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security events: stored once per (service, id), and only the newest are kept. */
class SecurityEventsTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aReportSentTwiceIsStoredOnceAndOnlyTheNewestEventsAreKept() {
        try (Database database = Database.open(DatabaseConfig.embeddedH2(dir.resolve("db")))) {
            SecurityEvents events = new SecurityEvents(database, clock, 10);
            events.record("host-1", report("twice"));
            events.record("host-1", report("twice"));
            assertThat(events.list()).hasSize(1);

            for (int i = 0; i < 30; i++) {
                clock.advance(Duration.ofSeconds(1));
                events.record("host-1", report("e" + i));
            }

            assertThat(events.list()).hasSize(10).first().extracting(SecurityEvent::id).isEqualTo("e29");
        }
    }

    private static DetectionReport report(String id) {
        return DetectionReport.newBuilder().setId(id).setServiceId("svc").setDeploymentId("d").setVmId("vm-1")
                .setSeverity("HIGH").setThreatName("EICAR-Test-File").build();
    }
}

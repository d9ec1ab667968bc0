package io.interpose.guest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLink;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.GuestResponder;
import io.interpose.guest.link.LinkListener;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoadDriverTest {

    @TempDir
    Path dir;
    private FakeMux mux;
    private ScheduledExecutorService scheduler;
    private ExecutorService responders;
    private List<GuestLink> links;

    @BeforeEach
    void connect() throws Exception {
        mux = new FakeMux(dir.resolve("gi-guest.sock")).recordEvents(false)
                .rule(e -> Optional.of(e.getId() % 10 == 0 ? Decision.DENY : Decision.ALLOW))
                .interest(Interest.newBuilder().addDecide(EventType.FILE_OPEN).addNotify(EventType.FILE_CLOSE_WRITE)
                        .setVerdictDeadlineMs(5_000).build()).start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        responders = Executors.newSingleThreadExecutor();
        GuestResponder none = new GuestResponder() {
            @Override
            public QueryResult answer(Query query) {
                return QueryResult.getDefaultInstance();
            }

            @Override
            public RemediationResult remediate(Remediation remediation) {
                return RemediationResult.getDefaultInstance();
            }
        };
        links = IntStream.range(0, 2).mapToObj(i -> new GuestLink(GuestLinkConfig.linux(mux.socket(), "vm-" + i, () -> "c"),
                none, new LinkListener() { }, scheduler, responders)).toList();
        links.forEach(GuestLink::start);
        await().until(() -> links.stream().allMatch(l -> l.interest().wants(EventType.FILE_OPEN)));
    }

    @AfterEach
    void close() throws Exception {
        links.forEach(GuestLink::close);
        mux.stop();
        scheduler.shutdownNow();
        responders.shutdownNow();
    }

    @Test
    void notificationsFlatOutReportTheEventsTheLinksSent() throws Exception {
        NotificationResult result = new LoadDriver(links).notifications(Duration.ofMillis(500));

        assertThat(result.links()).isEqualTo(2);
        assertThat(result.sent()).isPositive();
        assertThat(result.eventsPerSecond()).isPositive();
        assertThat(result.cpuMicrosPerEvent()).isPositive();
        await().until(() -> mux.eventCount(EventType.FILE_CLOSE_WRITE) >= result.sent());
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isZero();
        assertThat(result.toJson()).startsWith("{\"links\":2,").contains("\"events_per_second\":");
        LoggerFactory.getLogger(LoadDriverTest.class).info("notifications against the fake MUX: {}", result.toJson());
    }

    @Test
    void verdictsAtAFixedRateAllComeBackWithOrderedPercentiles() {
        VerdictResult result = new LoadDriver(links).verdicts(2_000, Duration.ofMillis(500));

        assertThat(result.count()).isEqualTo(1_000);
        assertThat(result.allowed() + result.denied()).isEqualTo(1_000);
        assertThat(result.denied()).isBetween(50L, 150L);
        assertThat(result.defaulted()).isZero();
        assertThat(result.p50Micros()).isPositive().isLessThanOrEqualTo(result.p90Micros());
        assertThat(result.p90Micros()).isLessThanOrEqualTo(result.p99Micros());
        assertThat(result.p99Micros()).isLessThanOrEqualTo(result.p999Micros());
        assertThat(result.p999Micros()).isLessThanOrEqualTo(result.maxMicros());
        assertThat(mux.eventCount(EventType.FILE_OPEN)).isEqualTo(1_000);
        assertThat(new LoadResult(new NotificationResult(2, 1, 1, 0, 1, 1), result).toJson())
                .startsWith("{\"notifications\":{").contains("\"p99_us\":").doesNotContain("\n");
        LoggerFactory.getLogger(LoadDriverTest.class).info("verdicts against the fake MUX: {}", result.toJson());
    }
}

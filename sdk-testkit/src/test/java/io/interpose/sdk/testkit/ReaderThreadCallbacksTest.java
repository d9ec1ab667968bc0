package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.Decision;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client whose callbacks run on its reader thread: same behaviour, no worker threads. */
class ReaderThreadCallbacksTest {
    private final RecordingService service = new RecordingService();
    private FakeMux mux;
    private GuestIntrospectionClient client;

    @BeforeEach
    void start() throws Exception {
        mux = FakeMux.start("host-1");
        mux.protect("vm-1", "BASIC", Map.of());
        mux.protect("vm-2", "BASIC", Map.of());
        client = GuestIntrospectionClient.builder(mux.environment(), service).callbacksOnReaderThread()
                .defaultVerdict(Verdict.deny("partner failed")).start();
        mux.awaitSubscribed(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        mux.close();
    }

    @Test
    void everyCallbackRunsOnTheReaderThreadAndVerdictsReturn() {
        Verdict denied = mux.verdict(GuestEvents.fileOpen("vm-1", "/secret/key"), Duration.ofSeconds(10));
        Verdict allowed = mux.verdict(GuestEvents.fileOpen("vm-2", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(denied.decision()).isEqualTo(Decision.DENY);
        assertThat(allowed.decision()).isEqualTo(Decision.ALLOW);
        assertThat(service.callbackThreads).containsOnly("interpose-sdk-reader");
        await().until(() -> service.protectionLog.size() == 2);
        assertThat(service.protectionLog).containsExactlyInAnyOrder("+vm-1:BASIC", "+vm-2:BASIC");
    }

    @Test
    void eventsArriveInTheOrderTheMuxSentThem() {
        for (int pid = 1; pid <= 300; pid++) {
            mux.notify(GuestEvents.processStart(pid % 2 == 0 ? "vm-1" : "vm-2", pid, "/bin/true"));
        }

        await().until(() -> service.events.size() == 300);
        List<Integer> pids = service.events.stream().map(e -> e.process().getPid()).toList();
        assertThat(pids).isSorted();
    }

    @Test
    void aCallbackThatThrowsGetsTheDefaultVerdictAndTheReaderGoesOn() {
        service.failOnEvents = true;
        Verdict failed = mux.verdict(GuestEvents.fileOpen("vm-1", "/etc/hosts"), Duration.ofSeconds(10));
        service.failOnEvents = false;
        Verdict next = mux.verdict(GuestEvents.fileOpen("vm-1", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(failed).isEqualTo(Verdict.deny("partner failed"));
        assertThat(next.decision()).isEqualTo(Decision.ALLOW);
    }
}

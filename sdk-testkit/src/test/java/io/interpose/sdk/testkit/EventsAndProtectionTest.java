package io.interpose.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.sdk.GuestEvent;
import io.interpose.sdk.GuestIntrospectionClient;
import io.interpose.sdk.ProtectedVm;
import io.interpose.sdk.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events, verdicts and the protection set, through the fake MUX (callbacks on the SDK's workers). */
class EventsAndProtectionTest {
    final RecordingService service = new RecordingService();
    FakeMux mux;
    GuestIntrospectionClient client;

    @BeforeEach
    void start() throws Exception {
        mux = FakeMux.start("host-1");
        mux.protect("vm-1", "BASIC", Map.of("deny_pattern", "/tmp/*"));
        mux.protect("vm-2", "COMPREHENSIVE", Map.of());
        client = configure(GuestIntrospectionClient.builder(mux.environment(), service).defaultVerdict(Verdict.deny("partner failed"))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))).start();
        mux.awaitSubscribed(Duration.ofSeconds(10));
    }

    /** The client's settings beyond the common ones (subclasses change the threading). */
    GuestIntrospectionClient.Builder configure(GuestIntrospectionClient.Builder builder) {
        return builder;
    }

    @AfterEach
    void stop() {
        client.close();
        mux.close();
    }

    @Test
    void aDecideEventGetsThePartnersVerdictWithItsCacheHintAndReason() {
        Verdict denied = mux.verdict(GuestEvents.fileOpen("vm-1", "/secret/key"), Duration.ofSeconds(10));
        Verdict allowed = mux.verdict(GuestEvents.fileOpen("vm-1", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(denied).isEqualTo(new Verdict(Decision.DENY, Duration.ZERO, "secret"));
        assertThat(allowed).isEqualTo(new Verdict(Decision.ALLOW, Duration.ofSeconds(30), ""));
        assertThat(service.events).allSatisfy(e -> assertThat(e.awaitsVerdict()).isTrue());
        assertThat(mux.unexpectedVerdicts()).isZero();
    }

    @Test
    void notificationsReachTheServiceInOrderPerVmAndAreNeverAnswered() {
        for (int pid = 1; pid <= 200; pid++) {
            mux.notify(GuestEvents.processStart(pid % 2 == 0 ? "vm-1" : "vm-2", pid, "/bin/true"));
        }

        await().until(() -> service.events.size() == 200);
        for (String vm : List.of("vm-1", "vm-2")) {
            List<Integer> pids = service.events.stream().filter(e -> e.vmId().equals(vm)).map(e -> e.process().getPid()).toList();
            assertThat(pids).hasSize(100).isSorted();
        }
        assertThat(service.events).noneMatch(GuestEvent::awaitsVerdict).noneMatch(GuestEvent::answered);
        assertThat(service.events.get(0).allow()).as("a notification takes no answer").isFalse();
    }

    @Test
    void anEventThePartnersCodeThrowsOnGetsTheDefaultVerdict() {
        service.failOnEvents = true;

        Verdict verdict = mux.verdict(GuestEvents.fileOpen("vm-1", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.reason()).isEqualTo("partner failed");
    }

    @Test
    void anEventIsAnsweredOnlyOnce() {
        mux.verdict(GuestEvents.fileOpen("vm-1", "/etc/hosts"), Duration.ofSeconds(10));

        assertThat(service.events.get(0).deny("too late")).isFalse();
        assertThat(service.events.get(0).answered()).isTrue();
    }

    @Test
    void theFakeMuxRefusesEventsTheRealMuxWouldNotSend() {
        Event unprotected = GuestEvents.fileOpen("vm-9", "/etc/hosts");
        Event notSubscribed = GuestEvents.fileExec("vm-1", "/bin/ls");

        assertThatThrownBy(() -> mux.decide(unprotected).get()).isInstanceOf(ExecutionException.class).hasMessageContaining("not protected");
        assertThatThrownBy(() -> mux.notify(notSubscribed)).hasMessageContaining("FILE_EXEC");
    }

    @Test
    void theServiceLearnsTheProtectionSetAndItsChanges() {
        await().until(() -> service.protectionLog.size() == 2);
        assertThat(client.context().protectedVms()).containsOnlyKeys("vm-1", "vm-2");
        assertThat(client.context().protectedVm("vm-1")).hasValueSatisfying(vm -> {
            assertThat(vm.vendorTemplateKey()).isEqualTo("BASIC");
            assertThat(vm.attribute("deny_pattern")).hasValue("/tmp/*");
            assertThat(vm.guestConnected()).isTrue();
        });

        mux.protect("vm-1", "COMPREHENSIVE", Map.of());
        mux.protect("vm-3", "BASIC", Map.of());
        mux.unprotect("vm-2");
        mux.guestStatus("vm-3", false);

        await().until(() -> service.guestStatuses.size() == 1);
        assertThat(service.protectionLog).containsExactlyInAnyOrder("+vm-1:BASIC", "+vm-2:COMPREHENSIVE", "+vm-1:COMPREHENSIVE",
                "+vm-3:BASIC", "-vm-2");
        assertThat(client.context().protectedVms()).containsOnlyKeys("vm-1", "vm-3");
        assertThat(client.context().protectedVm("vm-1").map(ProtectedVm::vendorTemplateKey)).hasValue("COMPREHENSIVE");
        assertThat(client.context().protectedVm("vm-3").map(ProtectedVm::guestConnected)).hasValue(false);
        assertThat(service.guestStatuses.get(0).connected()).isFalse();
    }

    @Test
    void afterAReconnectTheServiceForgetsVmsThatAreNotInTheNewSet() throws Exception {
        await().until(() -> service.protectionLog.size() == 2);
        mux.forget("vm-2");
        mux.protect("vm-4", "BASIC", Map.of());

        mux.restart();

        await().until(() -> mux.sessionsStarted() == 2 && client.context().protectedVms().keySet().equals(java.util.Set.of("vm-1", "vm-4")));
        await().until(() -> service.protectionLog.size() == 6);
        List<String> afterRestart = new ArrayList<>(service.protectionLog.subList(2, service.protectionLog.size()));
        assertThat(afterRestart).containsExactlyInAnyOrder("+vm-4:BASIC", "+vm-1:BASIC", "+vm-4:BASIC", "-vm-2");
    }
}

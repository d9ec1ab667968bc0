package io.interpose.host.mux;

import static io.interpose.protocol.gi.EventType.FILE_CLOSE_WRITE;
import static io.interpose.protocol.gi.EventType.FILE_OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.FileContext;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackpressureTest {

    private MuxHarness harness;

    @BeforeEach
    void start() throws IOException {
        harness = new MuxHarness().protect("vm-1", "svc-a", "gold").protect("vm-2", "svc-b", "gold")
                .service("svc-a", FailurePolicy.BLOCK, 60_000).service("svc-b", FailurePolicy.ALLOW, 5_000)
                .endpoint("dep-a", "svc-a").endpoint("dep-b", "svc-b").apply();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anSvmThatStopsReadingIsCutOffAsOverloadedWhileEveryoneElseIsServed() throws Exception {
        TestSvm stuck = harness.rawSvm(4096);
        stuck.hello(TestSvm.hello("dep-a", MuxHarness.HOST, MuxHarness.token("dep-a"), 1));
        stuck.awaitWelcome();
        stuck.send(io.interpose.protocol.gi.PartnerFrame.newBuilder().setSubscribe(io.interpose.protocol.gi.Subscribe.newBuilder()
                .addSubscriptions(io.interpose.protocol.gi.Subscription.newBuilder().setType(FILE_OPEN).setMode(SubscriptionMode.DECIDE))
                .addSubscriptions(io.interpose.protocol.gi.Subscription.newBuilder().setType(FILE_CLOSE_WRITE)
                        .setMode(SubscriptionMode.NOTIFY))).build());
        TestSvm healthy = harness.svm("dep-b");
        healthy.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
        TestGuest flooding = harness.guest("vm-1");
        TestGuest other = harness.guest("vm-2");
        RoutingTest.awaitInterest(flooding, i -> i.getNotifyCount() == 1 && i.getDecideCount() == 1);
        RoutingTest.awaitInterest(other, i -> i.getDecideCount() == 1);
        long heapBefore = usedHeapAfterGc();
        stuck.stopReading();

        String bigPath = "/data/" + "x".repeat(8 * 1024);
        for (int i = 0; i < 4000; i++) {
            if (i % 200 == 0) {
                keepTalking(stuck, i);
            }
            flooding.buffer(GuestFrame.newBuilder().setEvent(Event.newBuilder().setId(i).setType(FILE_CLOSE_WRITE)
                    .setFile(FileEvent.newBuilder().setFile(FileContext.newBuilder().setPath(bigPath)))).build());
        }
        flooding.flush();
        for (int i = 0; i < 10; i++) {
            flooding.send(TestGuest.event(100_000 + i, FILE_OPEN, true, 60_000));
        }

        Set<VerdictSource> sources = EnumSet.noneOf(VerdictSource.class);
        for (int i = 0; i < 10; i++) {
            Verdict verdict = flooding.awaitVerdict(100_000 + i);
            assertThat(verdict.getDecision()).isEqualTo(Decision.DENY);
            sources.add(verdict.getSource());
        }
        assertThat(sources).isSubsetOf(VerdictSource.OVERLOAD, VerdictSource.FAILURE_POLICY);
        assertThat(harness.counter("interpose.mux.drops", "reason", "svm_queue_full", "service", "svc-a")).isPositive();
        await().atMost(TestPeer.WAIT).until(() -> !harness.mux.health().getSvms(0).getConnected());

        other.send(TestGuest.event(1, FILE_OPEN, true, 5_000));
        healthy.verdict(healthy.awaitEvent().getId(), Decision.DENY, 0);
        assertThat(other.awaitVerdict(1).getSource()).isEqualTo(VerdictSource.SERVICES);
        assertThat(usedHeapAfterGc() - heapBefore).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void eventsBeyondTheVmsBoundAreAnsweredAtOnceByOverload() throws IOException {
        TestSvm silent = harness.svm("dep-a");
        silent.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
        TestGuest guest = harness.guest("vm-1");
        RoutingTest.awaitInterest(guest, i -> i.getDecideCount() == 1);
        int bound = MuxHarness.LIMITS.pendingVerdictsPerVm();

        for (int i = 0; i < bound + 4; i++) {
            guest.send(TestGuest.event(i, FILE_OPEN, true, 60_000));
        }

        for (int i = bound; i < bound + 4; i++) {
            Verdict verdict = guest.awaitVerdict(i);
            assertThat(verdict.getSource()).isEqualTo(VerdictSource.OVERLOAD);
            assertThat(verdict.getDecision()).isEqualTo(Decision.DENY);
        }
        assertThat(guest.all(GuestFrame::hasVerdict)).isEmpty();
        assertThat(harness.counter("interpose.mux.drops", "reason", "vm_pending_full", "vm", "vm-1")).isEqualTo(4);
        long answered = silent.all(f -> f.hasEvent()).size();
        assertThat(answered).isLessThanOrEqualTo(bound);
    }

    @Test
    void aGuestThatStopsReadingIsClosedAndItsVmMaySimplyReconnect() throws IOException {
        TestSvm svm = harness.svm("dep-b");
        svm.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        TestGuest guest = harness.guest("vm-2");
        RoutingTest.awaitInterest(guest, i -> i.getNotifyCount() == 1);
        guest.stopReading();

        String bigPath = "/q/" + "y".repeat(16 * 1024);
        for (int i = 0; i < 2000 && !guest.closed(); i++) {
            svm.send(io.interpose.protocol.gi.PartnerFrame.newBuilder().setQuery(io.interpose.protocol.gi.Query.newBuilder()
                    .setId(i).setVmId("vm-2").setFileStat(io.interpose.protocol.gi.FileStatQuery.newBuilder().setPath(bigPath)))
                    .build());
            if (!harness.mux.health().getGuests(1).getConnected()) {
                break;
            }
        }

        await().atMost(TestPeer.WAIT).until(() -> !harness.mux.health().getGuests(1).getConnected());
        TestGuest back = harness.guest("vm-2");
        back.send(TestGuest.event(1, FILE_OPEN, false, 0));
        assertThat(svm.awaitEvent().getVmId()).isEqualTo("vm-2");
    }

    @Test
    void aGuestThatStopsReadingNeverHoldsUpItsServicesVerdictsForOtherVms() throws IOException {
        try (MuxHarness slow = new MuxHarness(new MuxLimits(64, 16, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofMillis(400)))) {
            slow.protect("vm-1", "svc-a", "gold").protect("vm-2", "svc-a", "gold").service("svc-a", FailurePolicy.ALLOW, 60_000)
                    .endpoint("dep-a", "svc-a").apply();
            TestSvm svm = slow.svm("dep-a");
            svm.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
            TestGuest stuck = slow.guest("vm-1");
            TestGuest other = slow.guest("vm-2");
            RoutingTest.awaitInterest(stuck, i -> i.getDecideCount() == 1);
            RoutingTest.awaitInterest(other, i -> i.getDecideCount() == 1);
            stuck.stopReading();

            String longReason = "r".repeat(60 * 1024);
            for (int i = 1; i <= 16; i++) {
                stuck.send(TestGuest.event(i, FILE_OPEN, true, 60_000));
            }
            for (int i = 1; i <= 16; i++) {
                Event event = svm.awaitEvent();
                svm.send(PartnerFrame.newBuilder().setVerdict(Verdict.newBuilder()
                        .setEventId(event.getId()).setDecision(Decision.DENY).setReason(longReason)).build());
            }
            other.send(TestGuest.event(1, FILE_OPEN, true, 60_000));
            svm.verdict(svm.awaitEvent().getId(), Decision.ALLOW, 0);

            assertThat(other.awaitVerdict(1).getSource()).isEqualTo(VerdictSource.SERVICES);
            assertThat(connected(slow, "vm-1")).as("answered while the stuck guest still holds its socket full").isTrue();
            await().atMost(TestPeer.WAIT).until(() -> !connected(slow, "vm-1"));
        }
    }

    private static boolean connected(MuxHarness harness, String vmId) {
        return harness.mux.health().getGuestsList().stream().anyMatch(g -> g.getVmId().equals(vmId) && g.getConnected());
    }

    /** The stuck SVM still writes (its heartbeats), so only its not reading can get it closed. */
    private static void keepTalking(TestSvm stuck, int sequence) {
        try {
            stuck.send(io.interpose.protocol.gi.PartnerFrame.newBuilder()
                    .setHeartbeat(io.interpose.protocol.gi.Heartbeat.newBuilder().setSequence(sequence)).build());
        } catch (IllegalStateException closedByTheMux) {
            // already cut off
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

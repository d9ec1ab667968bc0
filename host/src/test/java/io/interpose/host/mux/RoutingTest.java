package io.interpose.host.mux;

import static io.interpose.protocol.gi.EventType.FILE_EXEC;
import static io.interpose.protocol.gi.EventType.FILE_OPEN;
import static io.interpose.protocol.gi.EventType.PROCESS_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private MuxHarness harness;
    private TestSvm svmA;
    private TestSvm svmB;

    @BeforeEach
    void start() throws IOException {
        harness = new MuxHarness()
                .protect("vm-1", "svc-a", "gold").protect("vm-1", "svc-b", "silver").protect("vm-2", "svc-b", "bronze")
                .service("svc-a", FailurePolicy.ALLOW, 2000).service("svc-b", FailurePolicy.ALLOW, 2000)
                .endpoint("dep-a", "svc-a").endpoint("dep-b", "svc-b").apply();
        svmA = harness.svm("dep-a");
        svmB = harness.svm("dep-b");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anSvmReceivesEventsOnlyForVmsItsServiceProtects() throws IOException {
        svmA.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        svmB.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        TestGuest vm1 = harness.guest("vm-1");
        TestGuest vm2 = harness.guest("vm-2");
        awaitInterest(vm1, i -> i.getNotifyList().contains(FILE_OPEN));
        awaitInterest(vm2, i -> i.getNotifyList().contains(FILE_OPEN));

        vm2.send(TestGuest.event(1, FILE_OPEN, false, 0));
        vm1.send(TestGuest.event(2, FILE_OPEN, false, 0));

        assertThat(java.util.List.of(svmB.awaitEvent().getVmId(), svmB.awaitEvent().getVmId()))
                .containsExactlyInAnyOrder("vm-1", "vm-2");
        Event atA = svmA.awaitEvent();
        assertThat(atA.getVmId()).isEqualTo("vm-1");
        assertThat(atA.getFile().getFile().getPath()).isEqualTo("/tmp/file-2");
        assertThat(svmA.all(PartnerFrame::hasEvent)).isEmpty();
    }

    @Test
    void aGuestSpeaksOnlyForItsOwnVm() throws IOException {
        svmB.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        TestGuest vm2 = harness.guest("vm-2");
        awaitInterest(vm2, i -> i.getNotifyCount() == 1);

        vm2.send(TestGuest.event(1, FILE_OPEN, false, 0).toBuilder().setVmId("vm-1").build());

        assertThat(svmB.awaitEvent().getVmId()).isEqualTo("vm-2");
        assertThat(svmA.all(PartnerFrame::hasEvent)).isEmpty();
    }

    @Test
    void anyDenyWinsAndTheSmallestCacheHintCounts() throws IOException {
        svmA.subscribe(SubscriptionMode.DECIDE, FILE_EXEC);
        svmB.subscribe(SubscriptionMode.DECIDE, FILE_EXEC);
        TestGuest vm1 = harness.guest("vm-1");
        awaitInterest(vm1, i -> i.getDecideList().contains(FILE_EXEC));

        vm1.send(TestGuest.event(7, FILE_EXEC, true, 1500));
        Event atA = svmA.awaitEvent();
        Event atB = svmB.awaitEvent();
        assertThat(atA.getAwaitsVerdict()).isTrue();
        assertThat(atA.getDeadlineMs()).isBetween(1, 1500);
        svmA.verdict(atA.getId(), Decision.ALLOW, 60_000);
        assertThat(vm1.all(f -> f.hasVerdict())).isEmpty();
        svmB.verdict(atB.getId(), Decision.DENY, 5_000);

        Verdict verdict = vm1.awaitVerdict(7);
        assertThat(verdict.getDecision()).isEqualTo(Decision.DENY);
        assertThat(verdict.getCacheTtlMs()).isEqualTo(5_000);
        assertThat(verdict.getSource()).isEqualTo(VerdictSource.SERVICES);

        vm1.send(TestGuest.event(8, FILE_EXEC, true, 1500));
        svmA.verdict(svmA.awaitEvent().getId(), Decision.ALLOW, 100);
        svmB.verdict(svmB.awaitEvent().getId(), Decision.ALLOW, 200);
        Verdict allowed = vm1.awaitVerdict(8);
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(allowed.getCacheTtlMs()).isEqualTo(100);
        assertThat(harness.counter("interpose.mux.verdicts", "service", "svc-b", "decision", "DENY", "source", "SERVICES"))
                .isEqualTo(1);
    }

    @Test
    void notifySubscribersAreToldWithoutBeingWaitedFor() throws IOException {
        svmA.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        svmB.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
        TestGuest vm1 = harness.guest("vm-1");
        Interest interest = awaitInterest(vm1, i -> i.getDecideList().contains(FILE_OPEN));
        assertThat(interest.getNotifyList()).doesNotContain(FILE_OPEN);
        assertThat(interest.getVerdictDeadlineMs()).isGreaterThanOrEqualTo(2000);

        vm1.send(TestGuest.event(3, FILE_OPEN, true, 1500));
        Event told = svmA.awaitEvent();
        assertThat(told.getAwaitsVerdict()).isFalse();
        Event asked = svmB.awaitEvent();
        assertThat(asked.getAwaitsVerdict()).isTrue();
        svmB.verdict(asked.getId(), Decision.ALLOW, 0);

        assertThat(vm1.awaitVerdict(3).getSource()).isEqualTo(VerdictSource.SERVICES);
    }

    @Test
    void anEventNobodyDecidesIsAllowedAtOnce() throws IOException {
        svmA.subscribe(SubscriptionMode.NOTIFY, PROCESS_START);
        TestGuest vm1 = harness.guest("vm-1");
        awaitInterest(vm1, i -> i.getNotifyList().contains(PROCESS_START));

        vm1.send(TestGuest.event(4, PROCESS_START, true, 1000));
        vm1.send(TestGuest.event(5, EventType.USER_LOGIN, true, 1000));

        assertThat(vm1.awaitVerdict(4).getSource()).isEqualTo(VerdictSource.NO_SERVICE);
        assertThat(vm1.awaitVerdict(5).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(svmA.awaitEvent().getAwaitsVerdict()).isFalse();
        assertThat(harness.counter("interpose.mux.events.received", "vm", "vm-1", "type", "USER_LOGIN")).isEqualTo(1);
    }

    @Test
    void eachSvmLinkNumbersItsOwnEventsAndAnswersForOtherIdsAreIgnored() throws IOException {
        svmA.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
        TestGuest vm1 = harness.guest("vm-1");
        awaitInterest(vm1, i -> i.getDecideCount() == 1);

        vm1.send(TestGuest.event(100, FILE_OPEN, true, 1500));
        vm1.send(TestGuest.event(200, FILE_OPEN, true, 1500));
        long first = svmA.awaitEvent().getId();
        long second = svmA.awaitEvent().getId();
        assertThat(second).isEqualTo(first + 1);
        svmA.verdict(99_999, Decision.DENY, 0);
        svmA.verdict(second, Decision.DENY, 0);
        svmA.verdict(first, Decision.ALLOW, 0);

        assertThat(vm1.awaitVerdict(100).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(vm1.awaitVerdict(200).getDecision()).isEqualTo(Decision.DENY);
        await().atMost(TestPeer.WAIT).until(() ->
                harness.counter("interpose.mux.drops", "reason", "verdict_ignored", "service", "svc-a") == 1);
    }

    static Interest awaitInterest(TestGuest guest, java.util.function.Predicate<Interest> match) {
        return guest.await(f -> f.hasInterest() && match.test(f.getInterest()), f -> f.getInterest());
    }
}

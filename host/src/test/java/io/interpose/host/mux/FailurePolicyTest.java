package io.interpose.host.mux;

import static io.interpose.protocol.gi.EventType.FILE_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHealth;
import io.interpose.protocol.gi.SubscriptionMode;
import io.interpose.protocol.gi.Verdict;
import io.interpose.protocol.gi.VerdictSource;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FailurePolicyTest {

    private MuxHarness harness;

    private TestSvm start(FailurePolicy policy, int verdictTimeoutMs) throws IOException {
        harness = new MuxHarness().protect("vm-1", "svc-a", "gold").service("svc-a", policy, verdictTimeoutMs)
                .endpoint("dep-a", "svc-a").apply();
        TestSvm svm = harness.svm("dep-a");
        svm.subscribe(SubscriptionMode.DECIDE, FILE_OPEN);
        return svm;
    }

    private TestGuest guest() throws IOException {
        TestGuest guest = harness.guest("vm-1");
        RoutingTest.awaitInterest(guest, i -> i.getDecideCount() == 1);
        return guest;
    }

    private static Decision expected(FailurePolicy policy) {
        return policy == FailurePolicy.BLOCK ? Decision.DENY : Decision.ALLOW;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @ParameterizedTest
    @EnumSource(names = {"ALLOW", "BLOCK"})
    void aServiceWhoseSvmIsDownGetsItsFailurePolicyAtOnce(FailurePolicy policy) throws IOException {
        TestSvm svm = start(policy, 10_000);
        TestGuest guest = guest();
        svm.close();
        org.awaitility.Awaitility.await().atMost(TestPeer.WAIT).until(() -> !harness.mux.health().getSvms(0).getConnected());

        long sent = System.nanoTime();
        guest.send(TestGuest.event(1, FILE_OPEN, true, 10_000));
        Verdict verdict = guest.awaitVerdict(1);

        assertThat(verdict.getDecision()).isEqualTo(expected(policy));
        assertThat(verdict.getSource()).isEqualTo(VerdictSource.FAILURE_POLICY);
        assertThat(System.nanoTime() - sent).isLessThan(5_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(names = {"ALLOW", "BLOCK"})
    void eventsWaitingOnAnSvmThatDiesAreResolvedAtOnce(FailurePolicy policy) throws IOException {
        TestSvm svm = start(policy, 60_000);
        TestGuest guest = guest();
        guest.send(TestGuest.event(1, FILE_OPEN, true, 60_000));
        guest.send(TestGuest.event(2, FILE_OPEN, true, 60_000));
        svm.awaitEvent();
        svm.awaitEvent();

        svm.close();

        assertThat(guest.awaitVerdict(1).getDecision()).isEqualTo(expected(policy));
        assertThat(guest.awaitVerdict(2).getSource()).isEqualTo(VerdictSource.FAILURE_POLICY);
    }

    @ParameterizedTest
    @EnumSource(names = {"ALLOW", "BLOCK"})
    void aLateServiceIsDecidedByItsPolicyAndItsLateAnswerIgnored(FailurePolicy policy) throws IOException {
        TestSvm svm = start(policy, 200);
        TestGuest guest = guest();
        guest.send(TestGuest.event(1, FILE_OPEN, true, 5_000));
        Event event = svm.awaitEvent();
        assertThat(event.getDeadlineMs()).isLessThanOrEqualTo(200);

        Verdict verdict = guest.awaitVerdict(1);
        svm.verdict(event.getId(), policy == FailurePolicy.BLOCK ? Decision.ALLOW : Decision.DENY, 0);

        assertThat(verdict.getDecision()).isEqualTo(expected(policy));
        assertThat(verdict.getSource()).isEqualTo(VerdictSource.FAILURE_POLICY);
        assertThat(harness.counter("interpose.mux.verdict.timeouts", "service", "svc-a")).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(TestPeer.WAIT).until(() ->
                harness.counter("interpose.mux.drops", "reason", "verdict_ignored", "service", "svc-a") == 1);
        assertThat(guest.all(f -> f.hasVerdict())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"ALLOW", "BLOCK"})
    void anSvmReportingUnhealthyIsDecidedByItsPolicy(FailurePolicy policy) throws IOException {
        TestSvm svm = start(policy, 60_000);
        TestGuest guest = guest();
        guest.send(TestGuest.event(1, FILE_OPEN, true, 60_000));
        svm.awaitEvent();

        svm.send(PartnerFrame.newBuilder().setHealth(ServiceHealth.newBuilder().setState(HealthState.UNHEALTHY)).build());
        assertThat(guest.awaitVerdict(1).getDecision()).isEqualTo(expected(policy));

        guest.send(TestGuest.event(2, FILE_OPEN, true, 60_000));
        assertThat(guest.awaitVerdict(2).getSource()).isEqualTo(VerdictSource.FAILURE_POLICY);
        assertThat(svm.all(PartnerFrame::hasEvent)).isEmpty();
    }
}

package io.interpose.host.mux;

import static io.interpose.protocol.gi.EventType.FILE_EXEC;
import static io.interpose.protocol.gi.EventType.FILE_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestStatus;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Protection;
import io.interpose.protocol.gi.SubscriptionMode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProtectionSyncTest {

    private MuxHarness harness;

    @BeforeEach
    void start() throws IOException {
        harness = new MuxHarness().protect("vm-1", "svc-a", "gold").protect("vm-2", "svc-a", "silver").vm("vm-3")
                .service("svc-a", FailurePolicy.BLOCK, 0).endpoint("dep-a", "svc-a").apply();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anSvmGetsTheFullSetAfterItsWelcomeThenASync() throws IOException {
        harness.guest("vm-1");
        TestSvm svm = harness.svm("dep-a");

        List<PartnerFrame> sequence = List.of(
                svm.await(f -> f.hasProtection() || f.hasProtectionSync(), f -> f),
                svm.await(f -> f.hasProtection() || f.hasProtectionSync(), f -> f),
                svm.await(f -> f.hasProtection() || f.hasProtectionSync(), f -> f));
        Protection first = sequence.get(0).getProtection();
        assertThat(first.getVmId()).isEqualTo("vm-1");
        assertThat(first.getProfileId()).isEqualTo("gold");
        assertThat(first.getVendorTemplateKey()).isEqualTo("key-gold");
        assertThat(first.getAttributesMap()).containsEntry("level", "gold");
        assertThat(first.getGuestConnected()).isTrue();
        assertThat(first.getOsFamily()).isEqualTo(OsFamily.LINUX);
        assertThat(sequence.get(1).getProtection().getGuestConnected()).isFalse();
        assertThat(sequence.get(2).getProtectionSync().getProtectedVms()).isEqualTo(2);
    }

    @Test
    void changesReachTheSvmAsTheyAreAppliedAndAReconnectGetsTheWholeSetAgain() throws IOException {
        TestSvm svm = harness.svm("dep-a");
        svm.await(PartnerFrame::hasProtectionSync, f -> f);
        svm.take(f -> true);
        svm.take(f -> true);

        harness.protect("vm-3", "svc-a", "bronze").unprotect("vm-2").apply();
        assertThat(svm.awaitProtection("vm-3").getProfileId()).isEqualTo("bronze");
        assertThat(svm.<String>await(PartnerFrame::hasUnprotection, f -> f.getUnprotection().getVmId())).isEqualTo("vm-2");
        harness.apply();
        assertThat(svm.all(f -> f.hasProtection() || f.hasUnprotection())).isEmpty();

        svm.close();
        TestSvm again = harness.svm("dep-a");
        assertThat(again.awaitProtection("vm-1").getProfileId()).isEqualTo("gold");
        assertThat(again.awaitProtection("vm-3").getProfileId()).isEqualTo("bronze");
        assertThat(again.<Integer>await(PartnerFrame::hasProtectionSync, f -> f.getProtectionSync().getProtectedVms())).isEqualTo(2);
        assertThat(again.all(PartnerFrame::hasProtection)).isEmpty();
    }

    @Test
    void svmsHearWhenTheGuestsOfTheirVmsComeAndGo() throws IOException {
        TestSvm svm = harness.svm("dep-a");
        TestGuest guest = harness.guest("vm-2");
        GuestStatus up = svm.await(PartnerFrame::hasGuestStatus, PartnerFrame::getGuestStatus);
        assertThat(up.getVmId()).isEqualTo("vm-2");
        assertThat(up.getConnected()).isTrue();
        harness.guest("vm-3");

        guest.close();
        GuestStatus down = svm.await(PartnerFrame::hasGuestStatus, PartnerFrame::getGuestStatus);
        assertThat(down.getConnected()).isFalse();
        assertThat(svm.all(PartnerFrame::hasGuestStatus)).isEmpty();
    }

    @Test
    void interestFollowsSubscriptionsAndProtection() throws IOException {
        TestGuest vm3 = harness.guest("vm-3");
        Interest empty = vm3.awaitInterest();
        assertThat(empty.getNotifyList()).isEmpty();
        assertThat(empty.getDecideList()).isEmpty();
        assertThat(empty.getDefaultDecision()).isEqualTo(Decision.ALLOW);
        TestGuest vm1 = harness.guest("vm-1");
        assertThat(vm1.awaitInterest().getDefaultDecision()).isEqualTo(Decision.DENY);
        TestSvm svm = harness.svm("dep-a");

        svm.subscribe(SubscriptionMode.DECIDE, FILE_EXEC);
        Interest interest = vm1.awaitInterest();
        assertThat(interest.getDecideList()).containsExactly(FILE_EXEC);
        assertThat(interest.getVerdictDeadlineMs()).isGreaterThan(500);
        svm.subscribe(SubscriptionMode.NOTIFY, FILE_OPEN);
        assertThat(vm1.awaitInterest().getNotifyList()).containsExactly(FILE_OPEN);
        assertThat(vm3.all(f -> f.hasInterest())).isEmpty();

        harness.protect("vm-3", "svc-a", "gold").apply();
        assertThat(vm3.awaitInterest().getNotifyList()).containsExactly(FILE_OPEN);
    }

    @Test
    void guestsAndSvmsThatLeaveTheDesiredStateAreDropped() throws IOException {
        TestGuest guest = harness.guest("vm-2");
        TestSvm svm = harness.svm("dep-a");
        harness.removeVm("vm-2").apply();
        assertThat(guest.awaitGoodbye()).isEqualTo(GoodbyeReason.SHUTDOWN);
        assertThat(svm.<String>await(PartnerFrame::hasUnprotection, f -> f.getUnprotection().getVmId())).isEqualTo("vm-2");

        harness.mux.apply(io.interpose.protocol.control.DesiredState.getDefaultInstance());
        assertThat(svm.awaitGoodbye()).isEqualTo(GoodbyeReason.SHUTDOWN);
        assertThat(harness.mux.health().getSvmsList()).isEmpty();
    }
}

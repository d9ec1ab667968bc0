package io.interpose.host.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.GuestHealth;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.SvmHealth;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.GoodbyeReason;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.HealthState;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.ServiceHealth;
import io.interpose.protocol.gi.Welcome;
import io.interpose.protocol.wire.Frames;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private MuxHarness harness;

    @BeforeEach
    void start() throws IOException {
        harness = new MuxHarness().vm("vm-1").vm("vm-2").protect("vm-1", "svc-a", "gold")
                .service("svc-a", FailurePolicy.ALLOW, 0).endpoint("dep-a", "svc-a").apply();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void guestIsWelcomedWithTheNegotiatedVersionThenGetsItsInterest() throws IOException {
        TestGuest guest = harness.rawGuest();
        guest.hello(TestGuest.hello("vm-1", harness.credentials.issue("vm-1"), 1, 7));

        Welcome welcome = guest.awaitWelcome();
        assertThat(welcome.getVersion()).isEqualTo(1);
        assertThat(welcome.getMaxFrameBytes()).isEqualTo(Frames.MAX_FRAME_BYTES);
        assertThat(welcome.getHostId()).isEqualTo(MuxHarness.HOST);
        assertThat(guest.awaitInterest().getDecideList()).isEmpty();
    }

    @Test
    void clientsWithNoCommonVersionAreRefusedAndTheSvmIsShownIncompatible() throws IOException {
        TestGuest guest = harness.rawGuest();
        guest.hello(TestGuest.hello("vm-1", harness.credentials.issue("vm-1"), 2, 3));
        assertThat(guest.await(GuestFrame::hasGoodbye, GuestFrame::getGoodbye).getSupportedVersionsList()).containsExactly(1);
        guest.awaitClosed();

        TestSvm svm = harness.rawSvm();
        svm.hello(TestSvm.hello("dep-a", MuxHarness.HOST, MuxHarness.token("dep-a"), 2));
        assertThat(svm.awaitGoodbye()).isEqualTo(GoodbyeReason.VERSION_UNSUPPORTED);
        svm.awaitClosed();
        assertThat(harness.mux.health().getSvms(0).getIncompatible()).isTrue();
    }

    @Test
    void guestsMustPresentTheirOwnVmsCredential() throws IOException {
        String vm1 = harness.credentials.issue("vm-1");
        for (var hello : new io.interpose.protocol.gi.GuestHello[] {
            TestGuest.hello("vm-1", "not-the-credential", 1),
            TestGuest.hello("vm-9", harness.credentials.issue("vm-9"), 1),
            TestGuest.hello("vm-2", vm1, 1)}) {
            TestGuest guest = harness.rawGuest();
            guest.hello(hello);
            assertThat(guest.awaitGoodbye()).as(hello.getVmId()).isEqualTo(GoodbyeReason.AUTHENTICATION_FAILED);
            guest.awaitClosed();
        }
        assertThat(harness.mux.health().getGuestsList()).noneMatch(GuestHealth::getConnected);
    }

    @Test
    void svmsMustNameThisHostAKnownDeploymentAndItsToken() throws IOException {
        for (var hello : new io.interpose.protocol.gi.ServiceHello[] {
            TestSvm.hello("dep-a", MuxHarness.HOST, "wrong-token", 1),
            TestSvm.hello("dep-a", "host-2", MuxHarness.token("dep-a"), 1),
            TestSvm.hello("dep-z", MuxHarness.HOST, MuxHarness.token("dep-z"), 1)}) {
            TestSvm svm = harness.rawSvm();
            svm.hello(hello);
            assertThat(svm.awaitGoodbye()).isEqualTo(GoodbyeReason.AUTHENTICATION_FAILED);
            svm.awaitClosed();
        }
        assertThat(harness.mux.health().getSvms(0).getConnected()).isFalse();
    }

    @Test
    void aFrameBeforeTheHelloOrASecondHelloIsAProtocolError() throws IOException {
        TestGuest early = harness.rawGuest();
        early.send(TestGuest.event(1, io.interpose.protocol.gi.EventType.FILE_OPEN, false, 0));
        assertThat(early.awaitGoodbye()).isEqualTo(GoodbyeReason.PROTOCOL_ERROR);

        TestSvm twice = harness.svm("dep-a");
        twice.hello(TestSvm.hello("dep-a", MuxHarness.HOST, MuxHarness.token("dep-a"), 1));
        assertThat(twice.awaitGoodbye()).isEqualTo(GoodbyeReason.PROTOCOL_ERROR);
        twice.awaitClosed();
    }

    @Test
    void aSecondConnectionOfTheSameIdentityReplacesTheFirst() throws IOException {
        TestGuest first = harness.guest("vm-1");
        TestGuest second = harness.guest("vm-1");
        assertThat(first.awaitGoodbye()).isEqualTo(GoodbyeReason.REPLACED);
        TestSvm firstSvm = harness.svm("dep-a");
        TestSvm secondSvm = harness.svm("dep-a");
        assertThat(firstSvm.awaitGoodbye()).isEqualTo(GoodbyeReason.REPLACED);

        second.send(TestGuest.event(5, io.interpose.protocol.gi.EventType.FILE_OPEN, true, 1000));
        assertThat(second.awaitVerdict(5).getEventId()).isEqualTo(5);
        assertThat(harness.mux.health().getGuestsList()).filteredOn(GuestHealth::getConnected).hasSize(1);
        assertThat(secondSvm.closed()).isFalse();
    }

    @Test
    void aSilentPeerIsClosedAfterThreeHeartbeatIntervalsAndALiveOneIsNot() throws IOException {
        TestGuest silent = harness.guest("vm-1");
        silent.silent();
        TestGuest alive = harness.guest("vm-2");
        assertThat(silent.awaitGoodbye()).isEqualTo(GoodbyeReason.IDLE_TIMEOUT);
        assertThat(alive.closed()).isFalse();
        alive.send(Event.newBuilder().setId(1).setAwaitsVerdict(true).build());
        assertThat(alive.awaitVerdict(1).getEventId()).isEqualTo(1);
    }

    @Test
    void aConnectionWithoutHelloIsClosedAtTheHelloTimeout() throws IOException {
        TestSvm mute = harness.rawSvm();
        mute.awaitClosed();
        assertThat(mute.all(PartnerFrame::hasWelcome)).isEmpty();
    }

    @Test
    void healthShowsEveryEndpointAndVmWithVersionsAndReportedState() throws IOException {
        int before = harness.healthChanges.get();
        harness.guest("vm-1");
        TestSvm svm = harness.svm("dep-a");
        svm.send(PartnerFrame.newBuilder().setHealth(ServiceHealth.newBuilder().setState(HealthState.DEGRADED)
                .setReason("signatures old")).build());

        await().atMost(TestPeer.WAIT).until(() -> harness.mux.health().getSvms(0).getHealthState().equals("DEGRADED"));
        HostHealth health = harness.mux.health();
        assertThat(health.getMuxUp()).isTrue();
        SvmHealth svmHealth = health.getSvms(0);
        assertThat(svmHealth.getDeploymentId()).isEqualTo("dep-a");
        assertThat(svmHealth.getConnected()).isTrue();
        assertThat(svmHealth.getProtocolVersion()).isEqualTo(1);
        assertThat(svmHealth.getSolutionVersion()).isEqualTo("2.5");
        assertThat(svmHealth.getHealthReason()).isEqualTo("signatures old");
        assertThat(svmHealth.getConnectedSinceUnixMillis()).isPositive();
        assertThat(health.getGuestsList()).extracting(GuestHealth::getVmId, GuestHealth::getConnected)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vm-1", true), org.assertj.core.groups.Tuple.tuple("vm-2", false));
        assertThat(harness.healthChanges.get()).isGreaterThan(before + 2);

        svm.close();
        await().atMost(TestPeer.WAIT).until(() -> !harness.mux.health().getSvms(0).getConnected());
        harness.mux.close();
        assertThat(harness.mux.health().getMuxUp()).isFalse();
    }
}

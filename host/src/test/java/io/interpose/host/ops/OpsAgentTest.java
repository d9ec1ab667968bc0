package io.interpose.host.ops;

import static io.interpose.host.ops.States.delta;
import static io.interpose.host.ops.States.snapshot;
import static io.interpose.host.ops.States.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.HostHealth;
import io.interpose.protocol.control.SvmHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsAgentTest {
    private static final String HOST = "host-1";
    private final TestCa ca = new TestCa();
    private final FakeManager manager = FakeManager.start(ca);
    private final RecordingSink sink = new RecordingSink();
    private final HostIdentity identity = ca.host(HOST);
    private final List<OpsAgent> agents = new ArrayList<>();
    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        agents.forEach(OpsAgent::close);
        manager.close();
    }

    @Test
    void opensTheStreamWithItsHelloAndItsCertificate() {
        start(Duration.ofHours(1));

        FakeStream stream = manager.nextStream();
        await().until(() -> stream.hello().isPresent());

        assertThat(stream.peer()).isEqualTo(HOST);
        assertThat(stream.hello().orElseThrow().getVersionsList()).containsExactly(1);
        assertThat(stream.hello().orElseThrow().getAppliedGeneration()).isZero();
        assertThat(stream.hello().orElseThrow().getMuxGuestEndpoint()).isEqualTo("unix:/run/gi-guest.sock");
        assertThat(stream.hello().orElseThrow().getMuxPartnerEndpoint()).isEqualTo("10.0.0.1:48651");
    }

    @Test
    void appliesASnapshotThenDeltasInOrderAndAcksEach() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();

        stream.send(snapshot(HOST, 1, vm("vm-a", "av"), vm("vm-b")));
        stream.send(delta(1).addUpsertVms(vm("vm-b", "av")).addUpsertVms(vm("vm-c")).build());
        stream.send(delta(2).addRemovedVmIds("vm-a").build());

        await().until(() -> stream.acks().equals(List.of(1L, 2L, 3L)));
        assertThat(sink.generations()).containsExactly(1L, 2L, 3L);
        assertThat(sink.last().getVmsList()).containsExactly(vm("vm-b", "av"), vm("vm-c"));
        assertThat(agent.status().appliedGeneration()).isEqualTo(3);
        assertThat(agent.status().connected()).isTrue();
    }

    @Test
    void aDeltaThatDoesNotFollowTheAppliedGenerationIsNotAppliedAndTheStreamResyncsBySnapshot() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream first = manager.nextStream();
        first.send(snapshot(HOST, 5, vm("vm-a")));
        await().until(() -> first.acks().equals(List.of(5L)));

        first.send(delta(7).addUpsertVms(vm("vm-z")).build());

        FakeStream second = manager.nextStream();
        await().until(() -> second.hello().isPresent());
        await().until(first::ended);
        assertThat(second.hello().orElseThrow().getAppliedGeneration()).isEqualTo(5);
        assertThat(sink.generations()).containsExactly(5L);
        assertThat(agent.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("does not follow"));

        second.send(snapshot(HOST, 9, vm("vm-a"), vm("vm-z")));
        await().until(() -> second.acks().equals(List.of(9L)));
        assertThat(sink.last().getVmsCount()).isEqualTo(2);
    }

    @Test
    void handsThePersistedStateToTheSinkAtStartWhileTheManagerIsDown() {
        OpsAgent first = start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 4, vm("vm-a", "av")));
        await().until(() -> stream.acks().equals(List.of(4L)));
        first.close();
        manager.stop();

        RecordingSink afterRestart = new RecordingSink();
        OpsAgent second = start(Duration.ofHours(1), afterRestart);

        assertThat(afterRestart.generations()).as("delivered before start returns").containsExactly(4L);
        assertThat(afterRestart.last().getVmsList()).containsExactly(vm("vm-a", "av"));
        assertThat(second.status().appliedGeneration()).isEqualTo(4);
        await().until(() -> second.status().reconnects() >= 2);
        assertThat(second.status().connected()).isFalse();
        assertThat(second.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("UNAVAILABLE"));
    }

    @Test
    void reconnectsAfterTheManagerRestartsAndTellsItsAppliedGeneration() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream before = manager.nextStream();
        before.send(snapshot(HOST, 3, vm("vm-a")));
        await().until(() -> before.acks().equals(List.of(3L)));

        manager.stop();
        await().until(() -> !agent.status().connected());
        manager.restart();

        FakeStream after = manager.nextStream();
        await().until(() -> after.hello().isPresent());
        assertThat(after.hello().orElseThrow().getAppliedGeneration()).isEqualTo(3);
        after.send(snapshot(HOST, 1, vm("vm-b")));
        await().until(() -> after.acks().equals(List.of(1L)));
        assertThat(sink.last().getVmsList()).containsExactly(vm("vm-b"));
        assertThat(agent.status().connected()).isTrue();
        assertThat(agent.status().reconnects()).isPositive();
    }

    @Test
    void sendsHealthPeriodically() {
        start(Duration.ofMillis(100));
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 1));

        await().until(() -> stream.health().size() >= 4);
        assertThat(stream.health()).allSatisfy(health -> assertThat(health.getMuxUp()).isTrue());
    }

    @Test
    void sendsHealthSoonAfterItChanges() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 1));
        await().until(() -> stream.health().size() == 1);

        HostHealth changed = HostHealth.newBuilder().setMuxUp(true)
                .addSvms(SvmHealth.newBuilder().setDeploymentId("dep-1").setConnected(true)).build();
        sink.setHealth(changed);
        agent.healthChanged();
        agent.healthChanged();

        await().until(() -> stream.health().contains(changed));
        assertThat(stream.health()).as("the two changes coalesce").hasSize(2);
    }

    @Test
    void forwardsDetectionsToTheManager() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 1));
        await().until(() -> agent.status().connected());

        agent.report(detection(1));
        agent.report(detection(2));

        await().until(() -> stream.detections().equals(List.of(detection(1), detection(2))));
    }

    @Test
    void keepsTheNewestDetectionsWhileDisconnectedAndCountsTheDropped() {
        manager.stop();
        OpsAgent agent = start(Duration.ofHours(1));
        int extra = 5;
        IntStream.range(0, OpsAgent.DETECTION_BUFFER + extra).forEach(i -> agent.report(detection(i)));
        assertThat(agent.status().droppedDetections()).isEqualTo(extra);

        manager.restart();
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 1));

        await().until(() -> stream.detections().size() == OpsAgent.DETECTION_BUFFER);
        assertThat(stream.detections().get(0)).isEqualTo(detection(extra));
        assertThat(stream.detections().get(OpsAgent.DETECTION_BUFFER - 1)).isEqualTo(detection(OpsAgent.DETECTION_BUFFER + extra - 1));
    }

    @Test
    void keepsTheAppliedStateInAnOwnerOnlyFile() throws Exception {
        start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();
        DesiredState state = snapshot(HOST, 2, vm("vm-a", "av"));
        stream.send(state);
        await().until(() -> stream.acks().equals(List.of(2L)));

        Path file = dataDir.resolve(AppliedState.FILE);
        assertThat(DesiredState.parseFrom(Files.readAllBytes(file))).isEqualTo(state);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void ignoresTheDesiredStateOfAnotherHost() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream first = manager.nextStream();

        first.send(snapshot("host-2", 1, vm("vm-x")));

        FakeStream second = manager.nextStream();
        assertThat(sink.applied()).isEmpty();
        assertThat(agent.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("host-2"));
        second.send(snapshot(HOST, 1, vm("vm-a")));
        await().until(() -> second.acks().equals(List.of(1L)));
    }

    @Test
    void doesNotAckAStateTheSinkRejectedAndResyncs() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream first = manager.nextStream();
        sink.failNext();

        first.send(snapshot(HOST, 1, vm("vm-a")));

        FakeStream second = manager.nextStream();
        assertThat(first.acks()).isEmpty();
        assertThat(agent.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("MUX is not ready"));
        second.send(snapshot(HOST, 2, vm("vm-a")));
        await().until(() -> second.acks().equals(List.of(2L)));
        assertThat(sink.generations()).containsExactly(2L);
    }

    @Test
    void closingEndsTheStream() {
        OpsAgent agent = start(Duration.ofHours(1));
        FakeStream stream = manager.nextStream();
        stream.send(snapshot(HOST, 1));
        await().until(() -> agent.status().connected());

        agent.close();

        await().until(stream::ended);
        assertThat(agent.status().connected()).isFalse();
    }

    @Test
    void aCertificateWithLessThanAThirdOfItsValidityLeftIsRenewedStoredAndUsedForTheStream() throws IOException {
        Instant late = identity.certificate().getNotAfter().toInstant().minus(Duration.ofDays(2));
        List<HostIdentity> handedOver = new CopyOnWriteArrayList<>();
        OpsConfig config = new OpsConfig(identity, manager.address(), dataDir, "unix:/run/gi-guest.sock", "10.0.0.1:48651",
                Clock.fixed(late, ZoneOffset.UTC), Duration.ofHours(1), Duration.ofMillis(20), Duration.ofMillis(200));
        agents.add(OpsAgent.start(config, sink, handedOver::add));

        FakeStream stream = manager.nextStream();

        await().until(() -> manager.renewals().size() == 1);
        X509Certificate renewed = manager.renewals().get(0);
        assertThat(renewed.getSerialNumber()).isNotEqualTo(identity.certificate().getSerialNumber());
        assertThat(manager.syncSerials()).containsExactly(renewed.getSerialNumber());
        assertThat(stream.peer()).isEqualTo(HOST);
        assertThat(handedOver).singleElement().satisfies(h -> assertThat(h.certificate()).isEqualTo(renewed));
        assertThat(Pem.certificate(Files.readAllBytes(dataDir.resolve(HostIdentity.CERTIFICATE_FILE)))).isEqualTo(renewed);
    }

    @Test
    void aCertificateWithMoreThanAThirdOfItsValidityLeftIsLeftAlone() {
        start(Duration.ofHours(1));

        manager.nextStream();

        assertThat(manager.renewals()).isEmpty();
        assertThat(manager.syncSerials()).containsExactly(identity.certificate().getSerialNumber());
    }

    private OpsAgent start(Duration healthInterval) {
        return start(healthInterval, sink);
    }

    private OpsAgent start(Duration healthInterval, DesiredStateSink into) {
        OpsConfig config = new OpsConfig(identity, manager.address(), dataDir, "unix:/run/gi-guest.sock", "10.0.0.1:48651",
                Clock.systemUTC(), healthInterval, Duration.ofMillis(20), Duration.ofMillis(200));
        OpsAgent agent = OpsAgent.start(config, into);
        agents.add(agent);
        return agent;
    }

    private static DetectionReport detection(int n) {
        return DetectionReport.newBuilder().setId("d-" + n).setVmId("vm-a").setThreatName("EICAR").build();
    }
}

package io.interpose.host.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.control.DetectionReport;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.gi.Detection;
import io.interpose.protocol.gi.FileHash;
import io.interpose.protocol.gi.FileHashQuery;
import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.KillProcess;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Severity;
import io.interpose.protocol.gi.Status;
import com.google.protobuf.ByteString;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayTest {

    private MuxHarness harness;
    private TestSvm svm;

    @BeforeEach
    void start() throws IOException {
        harness = new MuxHarness().protect("vm-1", "svc-a", "gold").protect("vm-2", "svc-b", "gold").vm("vm-3")
                .service("svc-a", FailurePolicy.ALLOW, 0).endpoint("dep-a", "svc-a").apply();
        svm = harness.svm("dep-a");
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static PartnerFrame query(long id, String vmId, int deadlineMs) {
        return PartnerFrame.newBuilder().setQuery(Query.newBuilder().setId(id).setVmId(vmId).setDeadlineMs(deadlineMs)
                .setFileHash(FileHashQuery.newBuilder().setPath("/bin/sh"))).build();
    }

    private QueryResult awaitResult(long id) {
        return svm.await(f -> f.hasQueryResult() && f.getQueryResult().getQueryId() == id, PartnerFrame::getQueryResult);
    }

    @Test
    void aQueryIsRelayedUnderTheMuxsIdAndAnsweredUnderTheSvms() throws IOException {
        TestGuest guest = harness.guest("vm-1");
        svm.send(query(42, "vm-1", 2000));

        Query asked = guest.awaitQuery();
        assertThat(asked.getFileHash().getPath()).isEqualTo("/bin/sh");
        guest.send(GuestFrame.newBuilder().setQueryResult(QueryResult.newBuilder().setQueryId(asked.getId())
                .setStatus(Status.newBuilder().setCode(ResultCode.OK))
                .setFileHash(FileHash.newBuilder().setDigest(ByteString.copyFromUtf8("digest")))).build());

        QueryResult result = awaitResult(42);
        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.OK);
        assertThat(result.getFileHash().getDigest().toStringUtf8()).isEqualTo("digest");
    }

    @Test
    void remediationIsRelayedTheSameWay() throws IOException {
        TestGuest guest = harness.guest("vm-1");
        svm.send(PartnerFrame.newBuilder().setRemediation(Remediation.newBuilder().setId(7).setVmId("vm-1")
                .setKillProcess(KillProcess.newBuilder().setPid(1234))).build());

        Remediation order = guest.awaitRemediation();
        assertThat(order.getKillProcess().getPid()).isEqualTo(1234);
        guest.send(GuestFrame.newBuilder().setRemediationResult(RemediationResult.newBuilder().setRemediationId(order.getId())
                .setStatus(Status.newBuilder().setCode(ResultCode.OK))).build());

        RemediationResult result = svm.await(PartnerFrame::hasRemediationResult, PartnerFrame::getRemediationResult);
        assertThat(result.getRemediationId()).isEqualTo(7);
        assertThat(result.getStatus().getCode()).isEqualTo(ResultCode.OK);
    }

    @Test
    void requestsForVmsTheServiceDoesNotProtectAreRefusedAndNeverReachTheGuest() throws IOException {
        TestGuest other = harness.guest("vm-2");
        svm.send(query(1, "vm-2", 1000));
        svm.send(query(2, "vm-404", 1000));
        svm.send(PartnerFrame.newBuilder().setRemediation(Remediation.newBuilder().setId(3).setVmId("vm-2")
                .setKillProcess(KillProcess.newBuilder().setPid(1))).build());

        assertThat(awaitResult(1).getStatus().getCode()).isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(awaitResult(2).getStatus().getCode()).isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(svm.<ResultCode>await(PartnerFrame::hasRemediationResult, f -> f.getRemediationResult().getStatus().getCode()))
                .isEqualTo(ResultCode.PERMISSION_DENIED);
        assertThat(other.all(f -> f.hasQuery() || f.hasRemediation())).isEmpty();
    }

    @Test
    void aQueryIsUnavailableWithoutTheGuestAndTimesOutWhenItDoesNotAnswer() throws IOException {
        svm.send(query(1, "vm-1", 1000));
        assertThat(awaitResult(1).getStatus().getCode()).isEqualTo(ResultCode.UNAVAILABLE);

        TestGuest guest = harness.guest("vm-1");
        svm.send(query(2, "vm-1", 150));
        Query asked = guest.awaitQuery();
        assertThat(awaitResult(2).getStatus().getCode()).isEqualTo(ResultCode.TIMEOUT);
        guest.send(GuestFrame.newBuilder().setQueryResult(QueryResult.newBuilder().setQueryId(asked.getId())).build());

        svm.send(query(3, "vm-1", 5000));
        guest.awaitQuery();
        guest.close();
        assertThat(awaitResult(3).getStatus().getCode()).isEqualTo(ResultCode.UNAVAILABLE);
        assertThat(svm.all(PartnerFrame::hasQueryResult)).isEmpty();
    }

    @Test
    void detectionsForProtectedVmsReachTheHostAgentAndOthersAreDropped() {
        svm.send(PartnerFrame.newBuilder().setDetection(Detection.newBuilder().setId("d-2").setVmId("vm-2")).build());
        svm.send(PartnerFrame.newBuilder().setDetection(Detection.newBuilder().setId("d-1").setVmId("vm-1")
                .setSeverity(Severity.HIGH).setThreatName("EICAR").setFilePath("/tmp/eicar")).build());

        org.awaitility.Awaitility.await().atMost(TestPeer.WAIT).until(() -> !harness.detections.isEmpty());
        DetectionReport report = harness.detections.get(0);
        assertThat(report.getId()).isEqualTo("d-1");
        assertThat(report.getServiceId()).isEqualTo("svc-a");
        assertThat(report.getDeploymentId()).isEqualTo("dep-a");
        assertThat(report.getSeverity()).isEqualTo("HIGH");
        assertThat(report.getThreatName()).isEqualTo("EICAR");
        assertThat(harness.detections).hasSize(1);
        assertThat(harness.counter("interpose.mux.drops", "reason", "request_refused", "service", "svc-a")).isEqualTo(1);
    }
}

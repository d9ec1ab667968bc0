package io.interpose.host.ops;

import static io.interpose.host.ops.States.delta;
import static io.interpose.host.ops.States.snapshot;
import static io.interpose.host.ops.States.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.interpose.protocol.control.DesiredState;
import io.interpose.protocol.control.FailurePolicy;
import io.interpose.protocol.control.ServiceEndpoint;
import io.interpose.protocol.control.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedStateTest {
    @TempDir
    Path dataDir;

    @Test
    void startsWithNoStateAtGenerationZero() throws Exception {
        AppliedState state = AppliedState.load(dataDir);

        assertThat(state.current()).isEmpty();
        assertThat(state.generation()).isZero();
    }

    @Test
    void aDeltaUpsertsAndRemovesVmsServicesAndEndpointsByKey() {
        DesiredState base = snapshot("h", 1, vm("vm-a"), vm("vm-b")).toBuilder()
                .addServices(service("av", FailurePolicy.ALLOW)).addServices(service("dlp", FailurePolicy.ALLOW))
                .addEndpoints(endpoint("dep-1", "av")).addEndpoints(endpoint("dep-2", "dlp"))
                .build();

        DesiredState merged = AppliedState.merge(base, delta(1)
                .addUpsertVms(vm("vm-a", "av")).addUpsertVms(vm("vm-c")).addRemovedVmIds("vm-b")
                .addUpsertServices(service("av", FailurePolicy.BLOCK)).addRemovedServiceIds("dlp")
                .addUpsertEndpoints(endpoint("dep-3", "av")).addRemovedDeploymentIds("dep-2")
                .build());

        assertThat(merged.getGeneration()).isEqualTo(2);
        assertThat(merged.getHostId()).isEqualTo("h");
        assertThat(merged.getVmsList()).containsExactly(vm("vm-a", "av"), vm("vm-c"));
        assertThat(merged.getServicesList()).containsExactly(service("av", FailurePolicy.BLOCK));
        assertThat(merged.getEndpointsList()).containsExactly(endpoint("dep-1", "av"), endpoint("dep-3", "av"));
    }

    @Test
    void removingAnAbsentEntryChangesNothingElse() {
        DesiredState base = snapshot("h", 1, vm("vm-a"));

        assertThat(AppliedState.merge(base, delta(1).addRemovedVmIds("vm-x").build()).getVmsList()).containsExactly(vm("vm-a"));
    }

    @Test
    void refusesADeltaThatDoesNotFollowTheCurrentGeneration() throws Exception {
        AppliedState state = AppliedState.load(dataDir);
        state.applySnapshot(snapshot("h", 3, vm("vm-a")));

        AppliedState.Outcome outcome = state.applyDelta(delta(2).addUpsertVms(vm("vm-b")).build());

        assertThat(outcome).isEqualTo(new AppliedState.Outcome.OutOfOrder(3, 2));
        assertThat(state.generation()).isEqualTo(3);
        assertThat(state.current().orElseThrow().getVmsList()).containsExactly(vm("vm-a"));
    }

    @Test
    void refusesADeltaBeforeAnySnapshot() throws Exception {
        AppliedState state = AppliedState.load(dataDir);

        assertThat(state.applyDelta(delta(0).build())).isInstanceOf(AppliedState.Outcome.OutOfOrder.class);
        assertThat(state.current()).isEmpty();
    }

    @Test
    void aSnapshotReplacesEverythingWhateverItsGeneration() throws Exception {
        AppliedState state = AppliedState.load(dataDir);
        state.applySnapshot(snapshot("h", 8, vm("vm-a")));

        state.applySnapshot(snapshot("h", 1, vm("vm-b")));

        assertThat(state.generation()).isEqualTo(1);
        assertThat(state.current().orElseThrow().getVmsList()).containsExactly(vm("vm-b"));
    }

    @Test
    void whatIsPersistedLoadsBack() throws Exception {
        AppliedState state = AppliedState.load(dataDir);
        state.applySnapshot(snapshot("h", 1, vm("vm-a")));
        state.applyDelta(delta(1).addUpsertVms(vm("vm-b", "av")).build());
        state.persist();

        AppliedState reloaded = AppliedState.load(dataDir);

        assertThat(reloaded.current()).isEqualTo(state.current());
        assertThat(reloaded.generation()).isEqualTo(2);
    }

    @Test
    void aDamagedFileIsReportedNotMistakenForAState() throws Exception {
        Files.write(dataDir.resolve(AppliedState.FILE), new byte[] {(byte) 0xff, 0x01, 0x02});

        assertThatThrownBy(() -> AppliedState.load(dataDir)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    private static ServiceSettings service(String id, FailurePolicy policy) {
        return ServiceSettings.newBuilder().setServiceId(id).setDisplayName(id).setFailurePolicy(policy).build();
    }

    private static ServiceEndpoint endpoint(String deployment, String service) {
        return ServiceEndpoint.newBuilder().setDeploymentId(deployment).setServiceId(service).build();
    }
}

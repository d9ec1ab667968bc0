package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.Protection;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The guests' side of the fake MUX: records the SVM's queries and remediations and answers them as the
 * real MUX would (refused for unprotected VMs and disconnected guests, else by the {@link GuestResponder}).
 */
final class GuestSide {
    private final Function<String, Optional<Protection>> protection;
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final List<Remediation> remediations = new CopyOnWriteArrayList<>();
    private final FakeGuests guests = new FakeGuests();
    private volatile GuestResponder responder = guests;

    GuestSide(Function<String, Optional<Protection>> protection) {
        this.protection = protection;
    }

    FakeGuests guests() {
        return guests;
    }

    void respondWith(GuestResponder guestResponder) {
        this.responder = guestResponder;
    }

    List<Query> queries() {
        return List.copyOf(queries);
    }

    List<Remediation> remediations() {
        return List.copyOf(remediations);
    }

    QueryResult answer(Query query) {
        queries.add(query);
        QueryResult result = refusal(query.getVmId()).map(s -> QueryResult.newBuilder().setStatus(s).build())
                .orElseGet(() -> responder.query(query));
        return result.toBuilder().setQueryId(query.getId()).build();
    }

    RemediationResult answer(Remediation remediation) {
        remediations.add(remediation);
        RemediationResult result = refusal(remediation.getVmId()).map(s -> RemediationResult.newBuilder().setStatus(s).build())
                .orElseGet(() -> responder.remediate(remediation));
        return result.toBuilder().setRemediationId(remediation.getId()).build();
    }

    private Optional<Status> refusal(String vmId) {
        Optional<Protection> vm = protection.apply(vmId);
        if (vm.isEmpty()) {
            return Optional.of(Status.newBuilder().setCode(ResultCode.PERMISSION_DENIED).setMessage("not protected by this service").build());
        }
        return vm.get().getGuestConnected() ? Optional.empty()
                : Optional.of(Status.newBuilder().setCode(ResultCode.UNAVAILABLE).setMessage("the guest is not connected").build());
    }
}

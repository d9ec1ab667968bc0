package io.interpose.host.mux;

import io.interpose.protocol.gi.GuestFrame;
import io.interpose.protocol.gi.PartnerFrame;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.ResultCode;
import io.interpose.protocol.gi.Status;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Relays queries and remediation from SVMs to guests under MUX-chosen ids, and their results back
 * under the SVM's ids. Refuses VMs the requesting service does not protect (PERMISSION_DENIED),
 * answers UNAVAILABLE when the guest is not connected or has too many requests open, and TIMEOUT at
 * the deadline.
 */
final class RequestRelay {

    private final Switchboard board;
    private final ScheduledExecutorService scheduler;
    private final MuxLimits limits;
    private final AtomicLong nextId = new AtomicLong();

    RequestRelay(Switchboard board, ScheduledExecutorService scheduler, MuxLimits limits) {
        this.board = board;
        this.scheduler = scheduler;
        this.limits = limits;
    }

    void query(PartnerSession svm, Query query) {
        long deadlineMs = query.getDeadlineMs() > 0 ? query.getDeadlineMs() : limits.queryTimeout().toMillis();
        relay(svm, query.getVmId(), query.getId(), true, deadlineMs, muxId -> GuestFrame.newBuilder()
                .setQuery(query.toBuilder().setId(muxId).setDeadlineMs((int) deadlineMs)).build());
    }

    void remediation(PartnerSession svm, Remediation remediation) {
        relay(svm, remediation.getVmId(), remediation.getId(), false, limits.queryTimeout().toMillis(),
                muxId -> GuestFrame.newBuilder().setRemediation(remediation.toBuilder().setId(muxId)).build());
    }

    private void relay(PartnerSession svm, String vmId, long svmId, boolean query, long deadlineMs,
            LongFunction<GuestFrame> frame) {
        if (!board.protects(svm, vmId)) {
            svm.service().meters().refused();
            answer(svm, svmId, query, ResultCode.PERMISSION_DENIED, "the service does not protect this VM");
            return;
        }
        GuestSession guest = board.guest(vmId).orElse(null);
        if (guest == null || guest.requests().size() >= limits.pendingVerdictsPerVm()) {
            answer(svm, svmId, query, ResultCode.UNAVAILABLE, guest == null ? "the thin agent is not connected" : "too many requests");
            return;
        }
        long muxId = nextId.incrementAndGet();
        RelayedRequest request = new RelayedRequest(svm, svmId, query);
        guest.requests().put(muxId, request);
        request.deadline.set(scheduler.schedule(() -> expire(guest, muxId), deadlineMs, TimeUnit.MILLISECONDS));
        if (!guest.connection().send(frame.apply(muxId)) && guest.requests().remove(muxId) != null) {
            request.deadline.cancel();
            answer(svm, svmId, query, ResultCode.UNAVAILABLE, "the thin agent is not reachable");
        }
    }

    void queryResult(GuestSession guest, QueryResult result) {
        RelayedRequest request = take(guest, result.getQueryId(), true);
        if (request != null) {
            request.requester.send(PartnerFrame.newBuilder()
                    .setQueryResult(result.toBuilder().setQueryId(request.requesterId)).build());
        }
    }

    void remediationResult(GuestSession guest, RemediationResult result) {
        RelayedRequest request = take(guest, result.getRemediationId(), false);
        if (request != null) {
            request.requester.send(PartnerFrame.newBuilder()
                    .setRemediationResult(result.toBuilder().setRemediationId(request.requesterId)).build());
        }
    }

    /** The guest is gone: everything it owed is UNAVAILABLE. */
    void guestClosed(GuestSession guest) {
        for (Long id : guest.requests().keySet()) {
            RelayedRequest request = guest.requests().remove(id);
            if (request != null) {
                request.deadline.cancel();
                answer(request.requester, request.requesterId, request.query, ResultCode.UNAVAILABLE,
                        "the thin agent disconnected");
            }
        }
    }

    private RelayedRequest take(GuestSession guest, long muxId, boolean query) {
        RelayedRequest request = guest.requests().get(muxId);
        if (request == null || request.query != query || !guest.requests().remove(muxId, request)) {
            board.metrics().unknownFrame(true);
            return null;
        }
        request.deadline.cancel();
        return request;
    }

    private void expire(GuestSession guest, long muxId) {
        RelayedRequest request = guest.requests().remove(muxId);
        if (request != null) {
            answer(request.requester, request.requesterId, request.query, ResultCode.TIMEOUT, "the guest did not answer in time");
        }
    }

    private static void answer(PartnerSession svm, long id, boolean query, ResultCode code, String message) {
        Status status = Status.newBuilder().setCode(code).setMessage(message).build();
        svm.send(query
                ? PartnerFrame.newBuilder().setQueryResult(QueryResult.newBuilder().setQueryId(id).setStatus(status)).build()
                : PartnerFrame.newBuilder().setRemediationResult(
                        RemediationResult.newBuilder().setRemediationId(id).setStatus(status)).build());
    }
}

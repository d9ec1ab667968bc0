package io.interpose.host.mux;

/** A query or remediation relayed to a guest under the MUX's id: who asked, under which id. */
final class RelayedRequest {

    final PartnerSession requester;
    final long requesterId;
    final boolean query;
    final DeadlineTimer deadline = new DeadlineTimer();

    RelayedRequest(PartnerSession requester, long requesterId, boolean query) {
        this.requester = requester;
        this.requesterId = requesterId;
        this.query = query;
    }
}

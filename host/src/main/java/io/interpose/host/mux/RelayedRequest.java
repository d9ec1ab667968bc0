package io.interpose.host.mux;

import java.util.concurrent.ScheduledFuture;

/** A query or remediation relayed to a guest under the MUX's id: who asked, under which id. */
final class RelayedRequest {

    final PartnerSession requester;
    final long requesterId;
    final boolean query;
    private volatile ScheduledFuture<?> timeout;

    RelayedRequest(PartnerSession requester, long requesterId, boolean query) {
        this.requester = requester;
        this.requesterId = requesterId;
        this.query = query;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}

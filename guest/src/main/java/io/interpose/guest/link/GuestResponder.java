package io.interpose.guest.link;

import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;

/**
 * What the owner of a {@link GuestLink} implements to answer the MUX's on-demand requests (docs/gi-protocol.md
 * section 4.4). The link calls it on its responder executor, never on the thread that reads the socket, so a
 * slow answer (hashing a large file) delays no verdict. The link sets the result's id; a method that throws
 * is answered {@code FAILED}. Answer {@code UNSUPPORTED} for what the guest cannot do.
 */
public interface GuestResponder {

    /** Answers a query (file hash, byte range, stat, process list, connection list). */
    QueryResult answer(Query query);

    /** Carries out a remediation order (delete, quarantine, kill, deny further access) and says how it went. */
    RemediationResult remediate(Remediation remediation);
}

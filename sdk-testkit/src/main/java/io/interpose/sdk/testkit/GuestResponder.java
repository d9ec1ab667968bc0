package io.interpose.sdk.testkit;

import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;

/**
 * Answers the queries and remediations the SVM sends, as the guests' thin agents would. The fake MUX
 * calls it only for VMs the service protects and whose guest is connected (it answers
 * {@code PERMISSION_DENIED} and {@code UNAVAILABLE} itself), and sets the ids of the results.
 * {@link FakeGuests} is a ready one; a test may pass its own (for example a lambda-based one that fails).
 */
public interface GuestResponder {

    QueryResult query(Query query);

    RemediationResult remediate(Remediation remediation);
}

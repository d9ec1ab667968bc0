package io.interpose.guest.link;

/**
 * A snapshot of a guest link's counters since it was created, across reconnects.
 *
 * @param sent events written to the MUX (notifications and events awaiting a verdict)
 * @param verdicts events answered by a Verdict from the MUX
 * @param defaulted events that got the default decision locally: not connected, too many waiting, send
 *     queue full, deadline passed, or the connection closed while they waited
 * @param dropped notifications refused because the link was not connected or its queue was full
 * @param ignoredFrames frames from the MUX that this agent does not know or that go the wrong way
 * @param unmatchedVerdicts verdicts for an unknown or already decided event
 * @param sessions Welcomes received (1 + the number of successful reconnects)
 */
public record LinkCounters(long sent, long verdicts, long defaulted, long dropped, long ignoredFrames,
                           long unmatchedVerdicts, long sessions) {
}

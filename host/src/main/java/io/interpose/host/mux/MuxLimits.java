package io.interpose.host.mux;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds the Context MUX works within (docs/gi-protocol.md sections 3 and 7).
 *
 * @param connectionQueueFrames frames each connection may have waiting to be written; a full queue
 *     answers waiting events by failure policy ({@code OVERLOAD}) and drops notifications
 * @param pendingVerdictsPerVm events of one VM that may wait for a verdict at once; beyond it new
 *     ones are answered at once ({@code OVERLOAD})
 * @param defaultVerdictTimeout how long the MUX waits for a service that set no verdict timeout, and
 *     the deadline of an event that carries none
 * @param heartbeatInterval idle time before a heartbeat is sent; silence for three intervals closes a
 *     connection ({@code IDLE_TIMEOUT}), a writer stuck this long closes it ({@code OVERLOADED})
 * @param helloTimeout time a new connection has to complete TLS and its hello
 * @param queryTimeout deadline of a query that names none, and of every remediation
 */
public record MuxLimits(int connectionQueueFrames, int pendingVerdictsPerVm, Duration defaultVerdictTimeout,
        Duration heartbeatInterval, Duration helloTimeout, Duration queryTimeout) {

    public MuxLimits {
        if (connectionQueueFrames < 2 || pendingVerdictsPerVm < 1) {
            throw new IllegalArgumentException("queue bounds must be positive");
        }
        for (Duration d : new Duration[] {Objects.requireNonNull(defaultVerdictTimeout), Objects.requireNonNull(heartbeatInterval),
            Objects.requireNonNull(helloTimeout), Objects.requireNonNull(queryTimeout)}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
    }

    /** The protocol's defaults: 8,192 frames, 1,024 verdicts per VM, 1 s, 5 s, 10 s, 5 s. */
    public static MuxLimits defaults() {
        return new MuxLimits(8192, 1024, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(5));
    }
}

package io.interpose.host.ops;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the ops agent runs: its identity, where the manager is, where it keeps the last applied state,
 * the MUX endpoints it announces, how often it reports health and how it backs off between
 * reconnection attempts.
 *
 * @throws IllegalArgumentException (from the constructor) on a missing value or a non-positive duration
 */
public record OpsConfig(HostIdentity identity, InetSocketAddress manager, Path dataDir, String muxGuestEndpoint,
        String muxPartnerEndpoint, Clock clock, Duration healthInterval, Duration minBackoff, Duration maxBackoff) {

    public OpsConfig {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        muxGuestEndpoint = muxGuestEndpoint == null ? "" : muxGuestEndpoint.strip();
        muxPartnerEndpoint = muxPartnerEndpoint == null ? "" : muxPartnerEndpoint.strip();
        requirePositive(healthInterval, "healthInterval");
        requirePositive(minBackoff, "minBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
    }

    /** The usual timings: health every 30 s, reconnect after 1 s doubling up to 60 s. */
    public static OpsConfig of(HostIdentity identity, InetSocketAddress manager, Path dataDir,
            String muxGuestEndpoint, String muxPartnerEndpoint) {
        return new OpsConfig(identity, manager, dataDir, muxGuestEndpoint, muxPartnerEndpoint, Clock.systemUTC(),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}

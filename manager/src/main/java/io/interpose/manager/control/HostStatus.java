package io.interpose.manager.control;

import io.interpose.protocol.control.HostHealth;
import java.time.Instant;
import java.util.Optional;

/**
 * What the manager knows of one host agent right now: whether its Sync stream is open, when it was
 * last heard from, what it said in its HostHello, its last health report, and the generations sent and
 * acknowledged (0 before any). Kept in memory only: after a manager restart every host is unknown until
 * it reconnects.
 */
public record HostStatus(
        String hostId,
        Connection connection,
        Optional<Instant> connectedSince,
        Optional<Instant> lastSeen,
        String agentVersion,
        String muxGuestEndpoint,
        String muxPartnerEndpoint,
        Optional<HostHealth> health,
        Optional<Instant> healthTime,
        long desiredGeneration,
        long appliedGeneration,
        Optional<Instant> syncTime) {

    /** The state of a host's control stream. */
    public enum Connection { CONNECTED, DISCONNECTED, NEVER_CONNECTED }

    public static HostStatus unknown(String hostId) {
        return new HostStatus(hostId, Connection.NEVER_CONNECTED, Optional.empty(), Optional.empty(), "", "", "",
                Optional.empty(), Optional.empty(), 0, 0, Optional.empty());
    }

    public boolean connected() {
        return connection == Connection.CONNECTED;
    }
}

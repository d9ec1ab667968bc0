package io.interpose.manager.control;

import io.interpose.manager.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each host's Context MUX listens for SVMs ({@code host:port}), as its host agent last reported it,
 * kept in table {@code host_mux_endpoints} (and in memory) so that it outlives the agent's connection and
 * a manager restart. SVMs learn it from their OVF environment: when a host reports a new or changed
 * endpoint, the listeners hear of it (the deployment controller then gives the agent manager the agencies'
 * configuration again, and the SVM of that host is redeployed with the address). Failure modes:
 * {@link io.interpose.manager.store.StoreException} when the database fails.
 */
public final class MuxEndpoints {
    private final Database database;
    private final Clock clock;
    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(MuxEndpoints.class);
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,5})");
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Loads what hosts reported before (reads the table once). */
    public MuxEndpoints(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT host_id, partner_endpoint FROM host_mux_endpoints");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    endpoints.put(rows.getString(1), rows.getString(2));
                }
            }
            return null;
        });
    }

    /** The endpoint {@code hostId}'s agent last reported; empty if it never did. */
    public Optional<String> partnerEndpoint(String hostId) {
        return Optional.ofNullable(endpoints.get(hostId));
    }

    /** Calls {@code listener} with the host id whenever a host's endpoint is new or changed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Records what a host reported. A blank endpoint (an agent without a MUX) changes nothing; one that is
     * not {@code host:port} ({@code [v6]:port}, at most 255 characters) is ignored with a warning, so that
     * no SVM is redeployed with an address it cannot use.
     */
    void reported(String hostId, String endpoint) {
        if (endpoint.isBlank() || endpoint.equals(endpoints.get(hostId))) {
            return;
        }
        if (!usable(endpoint)) {
            LOG.warn("Host {}: ignoring MUX endpoint '{}' (not host:port)", hostId,
                    endpoint.length() > 80 ? endpoint.substring(0, 80) + "..." : endpoint);
            return;
        }
        long now = clock.millis();
        database.transaction(c -> {
            int updated;
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE host_mux_endpoints SET partner_endpoint = ?, update_time = ? WHERE host_id = ?")) {
                update.setString(1, endpoint);
                update.setLong(2, now);
                update.setString(3, hostId);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO host_mux_endpoints (host_id, partner_endpoint, update_time) VALUES (?, ?, ?)")) {
                    insert.setString(1, hostId);
                    insert.setString(2, endpoint);
                    insert.setLong(3, now);
                    insert.executeUpdate();
                }
            }
            return null;
        });
        endpoints.put(hostId, endpoint);
        LOG.info("Host {}: its MUX listens for SVMs at {}", hostId, endpoint);
        listeners.forEach(listener -> listener.accept(hostId));
    }

    private static boolean usable(String endpoint) {
        if (endpoint.length() > 255) {
            return false;
        }
        Matcher matcher = HOST_PORT.matcher(endpoint);
        if (!matcher.matches()) {
            return false;
        }
        int port = Integer.parseInt(matcher.group(2));
        return port >= 1 && port <= 65535;
    }
}

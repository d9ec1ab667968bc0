package io.interpose.manager.control;

import io.interpose.manager.store.Database;
import io.interpose.manager.store.StoreException;
import io.interpose.protocol.control.DetectionReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detections reported by partner SVMs, kept in table {@code security_events}, newest first. A report is
 * accepted only for a service that has an SVM endpoint on the reporting host (so a host cannot speak for
 * services it does not run); a report with the same (service, id) as a stored one is ignored. Failures
 * to store are logged, never thrown at the host's stream. Only the newest {@link #RETAINED} events are
 * kept.
 */
public final class SecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);
    private static final String COLUMNS = "id, service_id, deployment_id, host_id, vm_id, severity, threat_name, description,"
            + " file_path, pid, action_taken, event_time, receive_time, registry_key";
    private static final int MAX_TEXT = 1000;
    /** How many events are kept: the newest; older ones are deleted as new ones arrive. */
    public static final int RETAINED = 100_000;
    private final Database database;
    private final Clock clock;
    private final int retained;
    private final AtomicInteger sincePrune = new AtomicInteger();
    private volatile BiPredicate<String, String> serviceOnHost = (host, service) -> true;

    public SecurityEvents(Database database, Clock clock) {
        this(database, clock, RETAINED);
    }

    /** Keeps the newest {@code retained} events. */
    public SecurityEvents(Database database, Clock clock, int retained) {
        this.database = database;
        this.clock = clock;
        this.retained = retained;
    }

    /** Which (host, service) pairs may report: set once by the control plane. */
    void admitting(BiPredicate<String, String> rule) {
        this.serviceOnHost = rule;
    }

    void record(String hostId, DetectionReport report) {
        if (!serviceOnHost.test(hostId, report.getServiceId())) {
            LOG.warn("Host {}: detection for service {} ignored: the service has no SVM on this host", hostId, report.getServiceId());
            return;
        }
        String id = report.getId().isBlank() ? UUID.randomUUID().toString() : cut(report.getId(), 255);
        try {
            database.transaction(c -> insertIfNew(c, hostId, id, report));
            if (sincePrune.incrementAndGet() >= Math.max(1, retained / 10)) {
                sincePrune.set(0);
                database.transaction(this::prune);
            }
        } catch (StoreException e) {
            LOG.warn("Host {}: cannot store detection {}: {}", hostId, id, e.getMessage());
        }
    }

    private Void insertIfNew(Connection c, String hostId, String id, DetectionReport r) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM security_events WHERE service_id = ? AND id = ?")) {
            exists.setString(1, r.getServiceId());
            exists.setString(2, id);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return null;
                }
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO security_events (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {id, cut(r.getServiceId(), 255), cut(r.getDeploymentId(), 255), hostId, cut(r.getVmId(), 255),
                cut(r.getSeverity(), 64), cut(r.getThreatName(), MAX_TEXT), cut(r.getDescription(), 4000), cut(r.getFilePath(), 4000),
                Integer.toUnsignedLong(r.getPid()), cut(r.getActionTaken(), 255), r.getTimeUnixNanos() / 1_000_000, clock.millis(),
                cut(r.getRegistryKey(), 4000)};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
        return null;
    }

    /** Deletes all but the newest {@code retained} events (by receive time; ties may keep a few more). */
    private Void prune(Connection c) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM security_events WHERE receive_time < (SELECT MIN(receive_time)"
                + " FROM (SELECT receive_time FROM security_events ORDER BY receive_time DESC LIMIT ?) newest)")) {
            delete.setInt(1, retained);
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                LOG.info("Deleted the {} oldest security events (keeping the newest {})", deleted, retained);
            }
        }
        return null;
    }

    /** Every stored event, newest first. */
    public List<SecurityEvent> list() {
        return database.read(c -> {
            List<SecurityEvent> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM security_events ORDER BY receive_time DESC, id");
                    ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    out.add(new SecurityEvent(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9),
                            rows.getLong(10), rows.getString(11), rows.getLong(12), rows.getLong(13), rows.getString(14)));
                }
            }
            return out;
        });
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

package io.interpose.host.ops;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ops agent is doing, for health pages and tests: whether its stream to the manager is up,
 * the generation of desired state it has applied (0 for none), the last error and when it happened,
 * how many times it has reconnected, and how many detections it dropped because its buffer was full.
 */
public record OpsStatus(boolean connected, long appliedGeneration, Optional<String> lastError,
        Optional<Instant> lastErrorAt, long reconnects, long droppedDetections) {

    public OpsStatus {
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    static OpsStatus initial() {
        return new OpsStatus(false, 0, Optional.empty(), Optional.empty(), 0, 0);
    }

    OpsStatus connected(boolean value) {
        return new OpsStatus(value, appliedGeneration, lastError, lastErrorAt, reconnects, droppedDetections);
    }

    OpsStatus applied(long generation) {
        return new OpsStatus(connected, generation, lastError, lastErrorAt, reconnects, droppedDetections);
    }

    OpsStatus failed(String error, Instant at) {
        return new OpsStatus(connected, appliedGeneration, Optional.of(error), Optional.of(at), reconnects, droppedDetections);
    }

    OpsStatus reconnecting() {
        return new OpsStatus(false, appliedGeneration, lastError, lastErrorAt, reconnects + 1, droppedDetections);
    }

    OpsStatus dropped(long count) {
        return new OpsStatus(connected, appliedGeneration, lastError, lastErrorAt, reconnects, count);
    }
}

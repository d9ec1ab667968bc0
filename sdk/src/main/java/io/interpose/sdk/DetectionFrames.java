package io.interpose.sdk;

import io.interpose.protocol.gi.PartnerFrame;
import java.time.Instant;
import java.util.UUID;

/** A {@link Detection} as the wire carries it: with a fresh id and the time of the report. */
final class DetectionFrames {
    private DetectionFrames() {
    }

    static PartnerFrame of(Detection d) {
        Instant now = Instant.now();
        return PartnerFrame.newBuilder().setDetection(io.interpose.protocol.gi.Detection.newBuilder()
                .setId(UUID.randomUUID().toString()).setVmId(d.vmId()).setSeverity(d.severity())
                .setThreatName(d.threatName()).setDescription(d.description()).setFilePath(d.filePath())
                .setPid(d.pid()).setActionTaken(d.actionTaken()).setRegistryKey(d.registryKey())
                .setTimeUnixNanos(now.getEpochSecond() * 1_000_000_000L + now.getNano())).build();
    }
}

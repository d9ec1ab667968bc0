package io.interpose.manager.deployment;

import java.util.Optional;

/**
 * The health a partner's SVM reports about itself (through the host agent), as an instance runtime shows
 * it: {@code HEALTHY}, {@code STOPPED} or {@code NOT_RESPONDING}, with a reason when unhealthy. Empty when
 * nothing has been reported for that SVM.
 */
@FunctionalInterface
public interface PartnerHealth {
    Optional<Report> of(String deploymentId, String hostId);

    static PartnerHealth none() {
        return (deployment, host) -> Optional.empty();
    }

    /** One SVM's self-reported health. */
    record Report(String status, String unhealthyReason) {}
}

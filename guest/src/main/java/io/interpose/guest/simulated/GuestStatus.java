package io.interpose.guest.simulated;

import io.interpose.guest.link.LinkState;
import java.util.Objects;
import java.util.Optional;

/**
 * What a simulated guest shows the lab: whether its link is up, how many events it sent, how the verdicts
 * went, the last thing it denied, why the MUX refused it if it did, and whether another agent took its VM
 * over (then it stopped).
 */
public record GuestStatus(String vmId, boolean connected, LinkState state, long eventsSent, long allowed, long denied,
                          Optional<Denial> lastDenial, Optional<String> refusal, boolean takenOver) {

    public GuestStatus {
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastDenial, "lastDenial");
        Objects.requireNonNull(refusal, "refusal");
    }
}

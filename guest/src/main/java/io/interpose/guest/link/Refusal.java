package io.interpose.guest.link;

import io.interpose.protocol.gi.Goodbye;
import io.interpose.protocol.gi.GoodbyeReason;
import java.util.List;
import java.util.Objects;

/**
 * The MUX's refusal of a hello: a Goodbye before the Welcome, typically {@code VERSION_UNSUPPORTED} (then
 * {@code supportedVersions} says what the MUX speaks) or {@code AUTHENTICATION_FAILED} (unknown VM or wrong
 * credential; the MUX does not say which).
 */
public record Refusal(GoodbyeReason reason, String message, List<Integer> supportedVersions) {

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
        supportedVersions = List.copyOf(supportedVersions);
    }

    static Refusal of(Goodbye goodbye) {
        return new Refusal(goodbye.getReason(), goodbye.getMessage(), goodbye.getSupportedVersionsList());
    }

    @Override
    public String toString() {
        String versions = supportedVersions.isEmpty() ? "" : " (the MUX speaks versions " + supportedVersions + ")";
        return reason + (message.isEmpty() ? "" : ": " + message) + versions;
    }
}

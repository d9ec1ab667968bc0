package io.interpose.sdk;

import io.interpose.protocol.gi.EventType;
import java.util.Set;

/** The thin agent of a protected VM connected or disconnected; when connected, its version and what it can intercept. */
public record GuestAgentStatus(String vmId, boolean connected, String agentVersion, Set<EventType> capabilities) {
    public GuestAgentStatus {
        vmId = vmId == null ? "" : vmId;
        agentVersion = agentVersion == null ? "" : agentVersion;
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }
}

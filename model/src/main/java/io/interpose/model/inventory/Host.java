package io.interpose.model.inventory;

import java.util.Objects;

/** A hypervisor host. {@code clusterId} is empty when the host is not in a cluster. */
public record Host(String id, String displayName, String clusterId, String osVersion) {
    public Host {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
        clusterId = clusterId == null ? "" : clusterId;
        osVersion = osVersion == null ? "" : osVersion;
    }
}

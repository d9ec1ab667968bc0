package io.interpose.model.inventory;

import java.util.Objects;

/**
 * A hypervisor host. {@code clusterId} is empty when the host is not in a cluster. A host that is
 * {@link ConnectionState#DISCONNECTED} runs nothing (powered off or unreachable); a host in maintenance
 * mode runs no workload and no service VM.
 */
public record Host(String id, String displayName, String clusterId, String osVersion, ConnectionState connectionState,
        MaintenanceMode maintenanceMode) {

    public Host {
        Objects.requireNonNull(id, "id");
        displayName = displayName == null ? id : displayName;
        clusterId = clusterId == null ? "" : clusterId;
        osVersion = osVersion == null ? "" : osVersion;
        connectionState = connectionState == null ? ConnectionState.CONNECTED : connectionState;
        maintenanceMode = maintenanceMode == null ? MaintenanceMode.OFF : maintenanceMode;
    }

    /** A connected host, not in maintenance mode. */
    public Host(String id, String displayName, String clusterId, String osVersion) {
        this(id, displayName, clusterId, osVersion, ConnectionState.CONNECTED, MaintenanceMode.OFF);
    }

    public Host withCluster(String newClusterId) {
        return new Host(id, displayName, newClusterId, osVersion, connectionState, maintenanceMode);
    }

    public Host withConnectionState(ConnectionState state) {
        return new Host(id, displayName, clusterId, osVersion, state, maintenanceMode);
    }

    public Host withMaintenanceMode(MaintenanceMode mode) {
        return new Host(id, displayName, clusterId, osVersion, connectionState, mode);
    }

    /** True if the host can run VMs now: connected and not in (or entering) maintenance mode. */
    public boolean available() {
        return connectionState == ConnectionState.CONNECTED && maintenanceMode == MaintenanceMode.OFF;
    }

    public enum ConnectionState { CONNECTED, DISCONNECTED }

    /** As in the API's instance runtimes: {@code OFF}, {@code ENTERING}, {@code ON}, {@code EXITING}. */
    public enum MaintenanceMode { OFF, ENTERING, ON, EXITING }
}

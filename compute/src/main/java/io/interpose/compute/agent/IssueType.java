package io.interpose.compute.agent;

/**
 * The kinds of issue the agent manager files, named after the vSphere EAM issue they stand for
 * ({@link #eamName()}). Informational issues describe a state the agent manager cannot change (the
 * host is in maintenance mode or unreachable); they do not turn an agent red.
 */
public enum IssueType {
    /** The service VM could not be deployed or started (for example its command could not run). */
    VM_NOT_DEPLOYED("VmNotDeployed", false),
    /** The package could not be read from its URL. Retried with backoff, and at once on resolve. */
    CANNOT_ACCESS_AGENT_OVF("CannotAccessAgentOVF", false),
    /** The package was read but is not a valid package. Retried with backoff, and at once on resolve. */
    OVF_INVALID_FORMAT("OvfInvalidFormat", false),
    /** The service VM's process exited although it should run. Restarted with backoff; cleared once ready. */
    VM_POWERED_OFF("VmPoweredOff", false),
    /** The host left the agency's cluster but its service VM could not be removed. Removal is retried. */
    VM_ORPHANED("VmOrphaned", false),
    /** A service VM that should be gone (host unavailable, goal state changed) could not be stopped. */
    VM_DEPLOYED("VmDeployed", false),
    /** The host is in maintenance mode: its service VM is removed and redeployed when the host exits. */
    HOST_IN_MAINTENANCE_MODE("HostInMaintenanceMode", true),
    /** The host is disconnected: no service VM runs there until it reconnects. */
    MANAGED_HOST_NOT_REACHABLE("ManagedHostNotReachable", true);

    private final String eamName;
    private final boolean informational;

    IssueType(String eamName, boolean informational) {
        this.eamName = eamName;
        this.informational = informational;
    }

    /** The EAM issue class this stands for, such as {@code CannotAccessAgentOVF}. */
    public String eamName() {
        return eamName;
    }

    /** True if the issue only describes the host's state and does not make the agent {@link Status#RED}. */
    public boolean informational() {
        return informational;
    }
}

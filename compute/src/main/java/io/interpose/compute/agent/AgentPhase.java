package io.interpose.compute.agent;

/** Where one agent's service VM is in its lifecycle. */
public enum AgentPhase {
    /** No service VM yet: waiting to be deployed, or its deployment failed (see the agent's issues). */
    NOT_DEPLOYED,
    /** Its process runs but has not reported ready. */
    STARTING,
    /** Running and ready. */
    READY,
    /** Its process exited unexpectedly; a restart is scheduled (with backoff). */
    RESTARTING,
    /** Deployed and powered off because the agency's goal state is {@link GoalState#DISABLED}. */
    POWERED_OFF,
    /** Its host is in maintenance mode or disconnected: no service VM runs there until the host is back. */
    HOST_UNAVAILABLE
}

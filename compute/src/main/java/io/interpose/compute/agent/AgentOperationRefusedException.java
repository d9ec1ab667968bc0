package io.interpose.compute.agent;

/**
 * A request the agent manager never carries out on a service VM: powering it off, suspending it or
 * migrating it. The message says why and what to do instead.
 */
public final class AgentOperationRefusedException extends RuntimeException {
    private final String svmId;
    private final String operation;

    public AgentOperationRefusedException(String svmId, String operation, String message) {
        super(message);
        this.svmId = svmId;
        this.operation = operation;
    }

    public String svmId() {
        return svmId;
    }

    /** {@code power_off}, {@code suspend} or {@code migrate}. */
    public String operation() {
        return operation;
    }
}

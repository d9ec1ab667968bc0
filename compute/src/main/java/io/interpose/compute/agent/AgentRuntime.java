package io.interpose.compute.agent;

import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The observed state of one agent's service VM.
 *
 * @param svmId the service VM's id, {@code <agency id>@<host id>}: stable for the agent's lifetime
 * @param phase where its lifecycle is
 * @param powerState {@code POWERED_ON} while its process runs, {@code POWERED_OFF} otherwise
 * @param pid the operating system process id while it runs under a process runtime
 * @param ready true once the running service VM reported ready
 * @param since when it entered this phase
 */
public record AgentRuntime(String svmId, AgentPhase phase, PowerState powerState, OptionalLong pid, boolean ready,
        Instant since, Status status) {}

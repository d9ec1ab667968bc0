package io.interpose.compute.agent;

import java.util.List;

/** One agent: the service VM of agency {@code agencyId} on host {@code hostId}, its runtime and open issues. */
public record Agent(String agencyId, String hostId, String name, AgentRuntime runtime, List<Issue> issues) {
    public Agent {
        issues = List.copyOf(issues);
    }
}

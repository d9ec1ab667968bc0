package io.interpose.compute.agent;

import java.util.List;

/**
 * One agent: the service VM of agency {@code agencyId} on host {@code hostId}, its runtime and open issues;
 * {@code current} is true once its service VM runs the agency's current configuration (false while a
 * configuration change, such as an upgrade, has yet to reach it).
 */
public record Agent(String agencyId, String hostId, String name, AgentRuntime runtime, List<Issue> issues, boolean current) {
    public Agent {
        issues = List.copyOf(issues);
    }
}

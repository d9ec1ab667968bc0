package io.interpose.manager.deployment;

import java.util.List;

/**
 * What a deployment looks like right now, as the deployment controller observes it through the agent
 * manager: the overall status, the open issues, and one runtime per host (one service VM each).
 *
 * @param status   {@code DEPLOYMENT_QUEUED}, {@code DEPLOYMENT_IN_PROGRESS}, {@code DEPLOYMENT_SUCCESSFUL},
 *                 {@code DEPLOYMENT_FAILED}, {@code UPGRADE_IN_PROGRESS}, {@code UPGRADE_FAILED},
 *                 {@code UNDEPLOYMENT_IN_PROGRESS}, {@code UNDEPLOYMENT_SUCCESSFUL} (see docs/deployment.md)
 */
public record DeploymentState(String status, List<Issue> issues, String currentVersion, long lastUpdate, List<Runtime> runtimes) {
    public DeploymentState {
        issues = List.copyOf(issues);
        runtimes = List.copyOf(runtimes);
    }

    /** Nothing observed yet: the controller has not acted on the deployment. */
    public static DeploymentState queued(long now) {
        return new DeploymentState("DEPLOYMENT_QUEUED", List.of(), "", now, List.of());
    }

    /** An open problem, named as the agent manager names it ({@code CannotAccessAgentOVF}, ...). */
    public record Issue(String type, String description, long timestamp, String hostId) {}

    /**
     * One service VM: where it runs, its lifecycle status ({@code DEPLOYMENT_IN_PROGRESS}, ...), its
     * runtime status ({@code IN_SERVICE}, {@code OUT_OF_SERVICE}, {@code NEEDS_ATTENTION},
     * {@code NOT_AVAILABLE}), the host's maintenance mode, and its identity (VM id, process id).
     */
    public record Runtime(String id, String hostId, String svmId, String deploymentStatus, String runtimeStatus,
            String maintenanceMode, String errorMessage, long processId) {}
}

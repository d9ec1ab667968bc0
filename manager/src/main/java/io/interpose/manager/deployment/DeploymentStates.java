package io.interpose.manager.deployment;

import io.interpose.compute.agent.Agency;
import io.interpose.compute.agent.Agent;
import io.interpose.compute.agent.AgentManager;
import io.interpose.compute.agent.AgentPhase;
import io.interpose.compute.agent.Issue;
import io.interpose.compute.agent.IssueType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Derives the API's deployment and instance-runtime statuses from what the agent manager reports. */
final class DeploymentStates {
    private final AgentManager agents;
    private final Clock clock;

    DeploymentStates(AgentManager agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    DeploymentState observe(String id) {
        Optional<Agency> agency = agents.agency(id);
        if (agency.isEmpty()) {
            return DeploymentState.queued(clock.millis());
        }
        List<Agent> list = agents.agents(id);
        List<Issue> issues = agents.issues(id);
        List<DeploymentState.Runtime> runtimes = list.stream().map(a -> runtime(a)).toList();
        String version = agency.get().config().properties().getOrDefault(AgencyConfigs.SVM_VERSION, "");
        return new DeploymentState(status(agency.get(), list, issues), issues.stream().map(DeploymentStates::issue).toList(),
                version, clock.millis(), runtimes);
    }

    private static String status(Agency agency, List<Agent> agents, List<Issue> issues) {
        if (agency.removing()) {
            return "UNDEPLOYMENT_IN_PROGRESS";
        }
        boolean packageBroken = issues.stream().anyMatch(i -> i.type() == IssueType.CANNOT_ACCESS_AGENT_OVF
                || i.type() == IssueType.OVF_INVALID_FORMAT);
        if (packageBroken) {
            return "DEPLOYMENT_FAILED";
        }
        boolean allReady = agents.stream().allMatch(a -> (a.runtime().phase() == AgentPhase.READY && a.current())
                || a.runtime().phase() == AgentPhase.HOST_UNAVAILABLE);
        return allReady ? "DEPLOYMENT_SUCCESSFUL" : "DEPLOYMENT_IN_PROGRESS";
    }

    private static DeploymentState.Runtime runtime(Agent agent) {
        AgentPhase phase = agent.runtime().phase();
        String deployment = switch (phase) {
            case READY, POWERED_OFF, RESTARTING -> "DEPLOYMENT_SUCCESSFUL";
            case NOT_DEPLOYED, STARTING -> "DEPLOYMENT_IN_PROGRESS";
            case HOST_UNAVAILABLE -> "UNKNOWN";
        };
        String runtime = switch (phase) {
            case READY -> agent.issues().isEmpty() ? "IN_SERVICE" : "NEEDS_ATTENTION";
            case HOST_UNAVAILABLE -> "NOT_AVAILABLE";
            default -> agent.issues().isEmpty() ? "OUT_OF_SERVICE" : "NEEDS_ATTENTION";
        };
        String error = String.join("; ", agent.issues().stream().map(i -> i.type().eamName() + ": " + i.description()).toList());
        return new DeploymentState.Runtime(agent.runtime().svmId(), agent.hostId(), agent.runtime().svmId(), deployment, runtime,
                phase == AgentPhase.HOST_UNAVAILABLE ? "ON" : "OFF", error, agent.runtime().pid().orElse(0));
    }

    private static DeploymentState.Issue issue(Issue issue) {
        return new DeploymentState.Issue(issue.type().eamName(), issue.description(), issue.time().toEpochMilli(), issue.hostId());
    }
}

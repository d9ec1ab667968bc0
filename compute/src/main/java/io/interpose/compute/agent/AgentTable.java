package io.interpose.compute.agent;

import io.interpose.compute.UnknownObjectException;
import io.interpose.compute.agent.AgentEvent.AgencyRemoved;
import io.interpose.compute.agent.AgentEvent.AgencyUpdated;
import io.interpose.compute.agent.AgentEvent.AgentRemoved;
import io.interpose.compute.agent.AgentEvent.AgentUpdated;
import io.interpose.model.inventory.Host;
import io.interpose.model.inventory.VirtualMachine.PowerState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent manager's state, shared by its API and its reconcilers under one lock: agencies and their
 * agents, the hosts it follows, issue keys, the file, and what listeners were last told. Every method
 * except {@link #locked} expects the caller to hold the lock.
 */
final class AgentTable {
    /** Issue keys are reserved on disk in blocks, so keys are never reused across restarts. */
    static final int ISSUE_KEY_BLOCK = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AgentTable.class);

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change (the power-on gate waits on it). */
    final Condition changed = lock.newCondition();
    final Map<String, AgencyState> agencies = new TreeMap<>();
    final Map<String, Host> hosts = new HashMap<>();
    private final AgencyFile file;
    private final Clock clock;
    private final AgentFanout fanout;
    private final Map<String, Agency> publishedAgencies = new HashMap<>();
    private final Map<String, Map<String, Agent>> publishedAgents = new HashMap<>();
    private int nextIssueKey;
    private int issueKeysReserved;
    boolean closed;

    AgentTable(AgencyFile file, Clock clock, AgentFanout fanout) {
        this.file = file;
        this.clock = clock;
        this.fanout = fanout;
        var content = file.read();
        content.ifPresent(c -> c.agencies().forEach(stored -> agencies.put(stored.id(), AgencyState.restored(stored))));
        nextIssueKey = content.map(AgencyFile.Content::issueKeysReserved).orElse(1);
        issueKeysReserved = nextIssueKey + ISSUE_KEY_BLOCK;
        persist();
    }

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the agent manager is closed");
        }
    }

    AgencyState agency(String agencyId) {
        AgencyState agency = agencies.get(agencyId);
        if (agency == null) {
            throw new UnknownObjectException("no agency '" + agencyId + "'");
        }
        return agency;
    }

    /** Writes every agency to disk. */
    void persist() {
        var stored = agencies.values().stream().map(AgencyState::stored).toList();
        file.write(new AgencyFile.Content(AgencyFile.FORMAT, AgencyFile.VERSION, issueKeysReserved, stored));
    }

    /**
     * Writes every agency to disk from a reconcile pass, where a failed write must not stop the pass:
     * what it would store (recorded per-host properties, a finished removal, issue keys) is written again
     * with the next change.
     */
    void persistOrLog() {
        try {
            persist();
        } catch (AgentStorageException e) {
            LOG.error("cannot store the agencies; continuing with what is in memory", e);
        }
    }

    /** Files an issue of {@code type} on the agent unless one is open; returns the open one. */
    Issue raise(AgencyState agency, AgentState agent, IssueType type, String description) {
        return agent.issues.computeIfAbsent(type,
                t -> new Issue(issueKey(), t, agency.id, agent.hostId, description, clock.instant()));
    }

    private int issueKey() {
        if (nextIssueKey >= issueKeysReserved) {
            issueKeysReserved = nextIssueKey + ISSUE_KEY_BLOCK;
            persistOrLog();
        }
        return nextIssueKey++;
    }

    Agency view(AgencyState agency) {
        Status worst = agency.agents.values().stream().map(agent -> view(agency, agent).runtime().status())
                .max(Comparator.naturalOrder()).orElse(Status.GREEN);
        Status status = agency.removing && worst == Status.GREEN ? Status.YELLOW : worst;
        return new Agency(agency.id, agency.config, agency.goal, agency.removing, status);
    }

    /** The agent as reported; also moves its phase (and phase time) forward. */
    Agent view(AgencyState agency, AgentState agent) {
        boolean restartPending = agent.issues.containsKey(IssueType.VM_POWERED_OFF);
        AgentPhase phase = AgentLifecycle.phase(agent.want, agent.running(), agent.ready(), agent.deployed != null, restartPending);
        if (phase != agent.phase) {
            agent.phase = phase;
            agent.since = clock.instant();
        }
        List<Issue> issues = new ArrayList<>(agent.issues.values());
        issues.sort(Comparator.comparingInt(Issue::key));
        Status status = AgentLifecycle.status(agency.goal, phase, issues);
        OptionalLong pid = agent.running() ? agent.launch.svm().map(RunningSvm::pid).orElse(OptionalLong.empty()) : OptionalLong.empty();
        var runtime = new AgentRuntime(agent.svmId, phase, agent.running() ? PowerState.POWERED_ON : PowerState.POWERED_OFF,
                pid, agent.ready(), agent.since, status);
        return new Agent(agency.id, agent.hostId, agency.config.agentName(agent.hostId), runtime, issues,
                agent.deployed != null && java.util.Objects.equals(agent.deployedFor, agency.config));
    }

    List<Agent> agentViews(AgencyState agency) {
        return agency.agents.values().stream().map(agent -> view(agency, agent)).toList();
    }

    /** Tells listeners what changed in {@code agencyId} since they were last told, and wakes waiters. */
    void publish(String agencyId) {
        List<AgentEvent> events = new ArrayList<>();
        AgencyState agency = agencies.get(agencyId);
        Map<String, Agent> before = publishedAgents.getOrDefault(agencyId, Map.of());
        Map<String, Agent> after = new HashMap<>();
        if (agency != null) {
            agentViews(agency).forEach(agent -> after.put(agent.hostId(), agent));
        }
        after.forEach((host, agent) -> {
            if (!agent.equals(before.get(host))) {
                events.add(new AgentUpdated(agent));
            }
        });
        before.keySet().stream().filter(host -> !after.containsKey(host)).sorted()
                .forEach(host -> events.add(new AgentRemoved(agencyId, host)));
        publishAgency(agencyId, agency, events);
        publishedAgents.put(agencyId, after);
        if (agency == null) {
            publishedAgents.remove(agencyId);
        }
        fanout.publish(events);
        changed.signalAll();
    }

    private void publishAgency(String agencyId, AgencyState agency, List<AgentEvent> events) {
        if (agency == null) {
            if (publishedAgencies.remove(agencyId) != null) {
                events.add(new AgencyRemoved(agencyId));
            }
            return;
        }
        Agency view = view(agency);
        if (!view.equals(publishedAgencies.put(agencyId, view))) {
            events.add(0, new AgencyUpdated(view));
        }
    }
}

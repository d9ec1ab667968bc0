package io.interpose.compute.agent;

import io.interpose.compute.agent.AgentEnvironment.EnvironmentException;
import io.interpose.compute.agent.AgentLifecycle.Want;
import io.interpose.model.inventory.Host;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One reconcile pass for one agency: re-reads what is wanted (the agency, the hosts of its cluster) and
 * what is (each agent's service VM), then acts host by host: deploy, restart after a crash (with
 * backoff), replace after a configuration change (one host at a time), stop, remove. Runtime calls run
 * outside the lock; only this agency's pass changes what is deployed, so a stop always completes before
 * the next start for the same host. Expected failures become issues and a {@link ReconcileResult.RetryAfter}.
 */
final class AgencyReconciler {
    private final AgentTable table;
    private final SvmRuntime runtime;
    private final PackageLoader packages;
    private final AgentEnvironment environment;
    private final RestartBackoff backoff;
    private final Clock clock;
    private final Consumer<String> trigger;

    AgencyReconciler(AgentTable table, SvmRuntime runtime, PackageLoader packages, AgentEnvironment environment,
            RestartBackoff backoff, Clock clock, Consumer<String> trigger) {
        this.table = table;
        this.runtime = runtime;
        this.packages = packages;
        this.environment = environment;
        this.backoff = backoff;
        this.clock = clock;
        this.trigger = trigger;
    }

    /** What one pass works on: the agency as it was when the pass began, and a step per host. */
    private record Pass(AgencyState agency, AgencyConfig config, List<Step> steps, Map<PackageSource, Object> loaded) {}

    private record Step(AgentState agent, Host host, Want want) {}

    ReconcileResult reconcile(String agencyId) {
        Instant now = clock.instant();
        Optional<Pass> pass = table.locked(() -> plan(agencyId));
        if (pass.isEmpty()) {
            return ReconcileResult.DONE;
        }
        ReconcileResult result = ReconcileResult.DONE;
        for (Step step : pass.get().steps()) {
            result = result.and(perform(pass.get(), step, now));
        }
        table.locked(() -> finish(agencyId));
        return result;
    }

    private Optional<Pass> plan(String agencyId) {
        AgencyState agency = table.agencies.get(agencyId);
        if (agency == null || table.closed) {
            return Optional.empty();
        }
        var hostIds = new TreeSet<>(agency.agents.keySet());
        table.hosts.values().stream().filter(h -> h.clusterId().equals(agency.config.clusterId())).forEach(h -> hostIds.add(h.id()));
        List<Step> steps = new ArrayList<>();
        for (String hostId : hostIds) {
            Host host = table.hosts.get(hostId);
            Want want = AgentLifecycle.want(agency.config.clusterId(), agency.goal, agency.removing, host);
            AgentState agent = agency.agents.get(hostId);
            if (agent == null && want != Want.REMOVE) {
                agent = new AgentState(agency.id, hostId, clock.instant());
                agency.agents.put(hostId, agent);
            }
            if (agent != null) {
                settle(agency, agent, want, host);
                steps.add(new Step(agent, host, want));
            }
        }
        releaseRollingSlot(agency);
        return Optional.of(new Pass(agency, agency.config, steps, new HashMap<>()));
    }

    /** Opens or clears the issues that follow from {@code want} alone. */
    private void settle(AgencyState agency, AgentState agent, Want want, Host host) {
        agent.want = want;
        agent.issues.keySet().removeAll(AgentLifecycle.clearedBy(want));
        if (want == Want.HOST_IN_MAINTENANCE) {
            table.raise(agency, agent, IssueType.HOST_IN_MAINTENANCE_MODE, "host " + host.id() + " is in maintenance mode ("
                    + host.maintenanceMode() + "): its service VM is removed and redeployed when the host exits");
        } else if (want == Want.HOST_UNREACHABLE) {
            table.raise(agency, agent, IssueType.MANAGED_HOST_NOT_REACHABLE,
                    "host " + host.id() + " is disconnected: its service VM is redeployed when it reconnects");
        }
        if (want != Want.RUN && want != Want.KEEP) {
            agent.failures = 0;
            agent.notBefore = Instant.EPOCH;
        }
    }

    private static void releaseRollingSlot(AgencyState agency) {
        AgentState rolling = agency.rollingHost == null ? null : agency.agents.get(agency.rollingHost);
        if (rolling == null || rolling.want != Want.RUN
                || (rolling.ready() && Objects.equals(rolling.deployedFor, agency.config))) {
            agency.rollingHost = null;
        }
    }

    private ReconcileResult perform(Pass pass, Step step, Instant now) {
        return switch (step.want()) {
            case REMOVE -> remove(pass.agency(), step.agent());
            case HOST_IN_MAINTENANCE, HOST_UNREACHABLE -> takeDown(pass.agency(), step.agent());
            case KEEP -> ReconcileResult.DONE;
            case POWER_OFF -> stopOrReport(pass.agency(), step.agent(), IssueType.VM_DEPLOYED);
            case RUN -> run(pass, step, now);
        };
    }

    /** The host left the cluster (or the agency goes): stop, delete, release addresses, forget the agent. */
    private ReconcileResult remove(AgencyState agency, AgentState agent) {
        ReconcileResult stopped = stopOrReport(agency, agent, IssueType.VM_ORPHANED);
        if (stopped != ReconcileResult.DONE) {
            return stopped;
        }
        runtime.remove(agent.svmId);
        environment.release(agent.leases);
        table.locked(() -> {
            agency.agents.remove(agent.hostId);
            if (agency.recordedHostProperties.remove(agent.hostId) != null) {
                table.persistOrLog();
            }
        });
        return ReconcileResult.DONE;
    }

    /** The host is unavailable: no service VM there until it is back (then a fresh deployment). */
    private ReconcileResult takeDown(AgencyState agency, AgentState agent) {
        ReconcileResult stopped = stopOrReport(agency, agent, IssueType.VM_DEPLOYED);
        if (stopped == ReconcileResult.DONE && agent.deployed != null) {
            runtime.remove(agent.svmId);
            table.locked(() -> forgetDeployment(agent));
        }
        return stopped;
    }

    private static void forgetDeployment(AgentState agent) {
        agent.deployed = null;
        agent.deployedFor = null;
    }

    /** Stops the agent's service VM if it runs; if it will not stop, files {@code issue} and retries. */
    private ReconcileResult stopOrReport(AgencyState agency, AgentState agent, IssueType issue) {
        Launch launch = table.locked(() -> {
            agent.launch().ifPresent(Launch::stopping);
            return agent.launch;
        });
        if (launch == null) {
            return ReconcileResult.DONE;
        }
        boolean stopped = launch.svm().map(svm -> !svm.alive() || svm.stop()).orElse(true);
        return table.locked(() -> {
            if (stopped) {
                agent.launch = null;
                agent.issues.remove(issue);
                return ReconcileResult.DONE;
            }
            table.raise(agency, agent, issue, "service VM " + agent.svmId + " should not run but could not be stopped");
            return ReconcileResult.retryAfter(backoff.max());
        });
    }

    private ReconcileResult run(Pass pass, Step step, Instant now) {
        AgentState agent = step.agent();
        Optional<Launch> running = table.locked(() -> noteCrash(pass.agency(), agent));
        if (running.isPresent()) {
            return keepUpToDate(pass, step, running.get(), now);
        }
        Instant notBefore = table.locked(() -> agent.notBefore);
        if (now.isBefore(notBefore)) {
            return ReconcileResult.retryAfter(Duration.between(now, notBefore));
        }
        return deploy(pass, step, now);
    }

    /** The agent's start if it has one that has not crashed; a crash is filed and its restart scheduled. */
    private Optional<Launch> noteCrash(AgencyState agency, AgentState agent) {
        Launch launch = agent.launch;
        if (launch == null || !launch.crashed()) {
            return Optional.ofNullable(launch);
        }
        boolean wasStable = launch.readyAt().map(ready -> !launch.exitedAt().isBefore(ready.plus(backoff.resetAfter()))).orElse(false);
        agent.failures = wasStable ? 1 : agent.failures + 1;
        Duration delay = backoff.delay(agent.failures);
        agent.notBefore = launch.exitedAt().plus(delay);
        agent.launch = null;
        agent.issues.remove(IssueType.VM_POWERED_OFF);
        table.raise(agency, agent, IssueType.VM_POWERED_OFF, "service VM " + agent.svmId + " exited with code "
                + launch.exitCode() + " at " + launch.exitedAt() + "; restart " + agent.failures + " in " + delay);
        return Optional.empty();
    }

    /** A running service VM: note its readiness; replace it if the configuration changed what it should be. */
    private ReconcileResult keepUpToDate(Pass pass, Step step, Launch running, Instant now) {
        AgentState agent = step.agent();
        boolean current = table.locked(() -> {
            if (running.ready()) {
                agent.issues.remove(IssueType.VM_POWERED_OFF);
            }
            return Objects.equals(agent.deployedFor, pass.config());
        });
        if (current) {
            return ReconcileResult.DONE;
        }
        SvmSpec spec;
        try {
            spec = environment.spec(pass.agency().id, pass.config(), step.host(), agent.leases);
        } catch (EnvironmentException e) {
            return table.locked(() -> failed(pass.agency(), agent, IssueType.VM_NOT_DEPLOYED, e.getMessage(), now));
        }
        return spec.equals(agent.deployed) ? table.locked(() -> adopt(pass, agent)) : replace(pass, step, now);
    }

    private ReconcileResult adopt(Pass pass, AgentState agent) {
        agent.deployedFor = pass.config();
        return ReconcileResult.DONE;
    }

    /** Replaces a running service VM, one host of the agency at a time: the next waits until this one is ready. */
    private ReconcileResult replace(Pass pass, Step step, Instant now) {
        AgencyState agency = pass.agency();
        boolean mine = table.locked(() -> {
            if (agency.rollingHost == null) {
                agency.rollingHost = step.agent().hostId;
            }
            return step.agent().hostId.equals(agency.rollingHost);
        });
        if (!mine) {
            return ReconcileResult.DONE;
        }
        ReconcileResult stopped = stopOrReport(agency, step.agent(), IssueType.VM_DEPLOYED);
        return stopped == ReconcileResult.DONE ? deploy(pass, step, now) : stopped;
    }

    /** Builds the environment, loads the package and starts the service VM; failures become issues. */
    private ReconcileResult deploy(Pass pass, Step step, Instant now) {
        AgencyState agency = pass.agency();
        AgentState agent = step.agent();
        SvmSpec spec;
        SvmPackage svmPackage;
        try {
            spec = environment.spec(agency.id, pass.config(), step.host(), agent.leases);
            svmPackage = load(pass);
        } catch (EnvironmentException e) {
            return table.locked(() -> failed(agency, agent, IssueType.VM_NOT_DEPLOYED, e.getMessage(), now));
        } catch (PackageException e) {
            return table.locked(() -> failed(agency, agent, e.issueType(), e.getMessage(), now));
        }
        Launch launch = new Launch(spec);
        if (!table.locked(() -> begin(agency, agent, launch))) {
            return ReconcileResult.DONE;
        }
        var request = new SvmLaunch(agent.svmId, agency.id, agent.hostId, pass.config().agentName(agent.hostId), svmPackage, spec.environment());
        try {
            RunningSvm svm = runtime.start(request, listener(agency.id, launch));
            table.locked(() -> started(agent, launch, svm, pass.config()));
            return ReconcileResult.DONE;
        } catch (RuntimeException e) {
            return table.locked(() -> {
                agent.launch = null;
                return failed(agency, agent, IssueType.VM_NOT_DEPLOYED, "cannot start service VM " + agent.svmId + ": " + e.getMessage(), now);
            });
        }
    }

    private SvmPackage load(Pass pass) {
        Object loaded = pass.loaded().computeIfAbsent(pass.config().packageSource(), source -> {
            try {
                return packages.load(source);
            } catch (PackageException e) {
                return e;
            }
        });
        if (loaded instanceof PackageException e) {
            throw e;
        }
        return (SvmPackage) loaded;
    }

    /** Registers the start before it happens; false once the agent manager is closed. */
    private boolean begin(AgencyState agency, AgentState agent, Launch launch) {
        if (table.closed) {
            return false;
        }
        Map<String, String> answered = launch.spec.hostProperties();
        boolean perHost = agency.config.hostProperties() != HostProperties.NONE;
        if (perHost && !answered.equals(agency.recordedHostProperties.put(agent.hostId, answered))) {
            table.persistOrLog();
        }
        agent.launch = launch;
        return true;
    }

    private static void started(AgentState agent, Launch launch, RunningSvm svm, AgencyConfig config) {
        launch.started(svm);
        agent.deployed = launch.spec;
        agent.deployedFor = config;
        agent.issues.keySet().removeAll(AgentLifecycle.DEPLOY_ISSUES);
    }

    private ReconcileResult failed(AgencyState agency, AgentState agent, IssueType type, String description, Instant now) {
        agent.failures++;
        Duration delay = backoff.delay(agent.failures);
        agent.notBefore = now.plus(delay);
        AgentLifecycle.DEPLOY_ISSUES.stream().filter(t -> t != type).forEach(agent.issues::remove);
        table.raise(agency, agent, type, description);
        return ReconcileResult.retryAfter(delay);
    }

    private SvmListener listener(String agencyId, Launch launch) {
        return new SvmListener() {
            @Override
            public void ready(RunningSvm svm) {
                table.locked(() -> {
                    launch.becameReady(svm, clock.instant());
                    table.changed.signalAll();
                });
                trigger.accept(agencyId);
            }

            @Override
            public void exited(RunningSvm svm, int exitCode) {
                table.locked(() -> launch.exited(svm, exitCode, clock.instant()));
                trigger.accept(agencyId);
            }
        };
    }

    private void finish(String agencyId) {
        AgencyState agency = table.agencies.get(agencyId);
        if (agency != null && agency.removing && agency.agents.isEmpty()) {
            table.agencies.remove(agencyId);
            table.persistOrLog();
        }
        table.publish(agencyId);
    }
}

package io.interpose.manager.deployment;

import io.interpose.compute.agent.Agency;
import io.interpose.compute.agent.AgencyConfig;
import io.interpose.compute.agent.AgencyExistsException;
import io.interpose.compute.agent.AgentManager;
import io.interpose.compute.agent.GoalState;
import io.interpose.manager.store.StoredResource;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes service deployments real: for each stored deployment there is one agency in the agent manager
 * (same id), configured from the deployment and its service definition; for each deployment marked for
 * deletion, and each agency without a deployment, the agency is destroyed, and then the record is
 * forgotten. Level-triggered and idempotent: a reconcile reads desired and observed state afresh, acts
 * on the difference, and returns {@link Result#done()} or a retry delay; events only say which
 * deployment to look at, and a periodic resync catches anything an event missed. At most one reconcile
 * runs per deployment at a time; bursts coalesce ({@link KeyedQueue}). Survives a manager restart at any
 * point: agency ids are deployment ids, so a re-created agency is refused instead of doubled.
 */
public final class DeploymentController implements DeploymentObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
    private static final Duration REMOVAL_POLL = Duration.ofMillis(500);
    private final DeploymentCatalog catalog;
    private final AgencyConfigs configs;
    private final AgentManager agents;
    private final DeploymentStates states;
    private final KeyedQueue queue;
    private final ScheduledExecutorService executor;
    private final Duration resync;
    private AutoCloseable subscription;
    /** Agencies configured by this controller since it started (per-host answers must be given once). */
    private final java.util.Set<String> configured = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DeploymentController(DeploymentCatalog catalog, AgencyConfigs configs, AgentManager agents, Clock clock,
            ScheduledExecutorService executor, Duration resync) {
        this.catalog = catalog;
        this.configs = configs;
        this.agents = agents;
        this.states = new DeploymentStates(agents, clock);
        this.executor = executor;
        this.resync = resync;
        this.queue = new KeyedQueue(executor, this::reconcileOnce);
    }

    /** What one reconcile decided: done, or look again after a delay. */
    public record Result(Optional<Duration> retryAfter) {
        public static Result done() {
            return new Result(Optional.empty());
        }

        public static Result after(Duration delay) {
            return new Result(Optional.of(delay));
        }
    }

    public DeploymentController start() {
        subscription = agents.watch(event -> queue.enqueue(event.agencyId()));
        executor.scheduleWithFixedDelay(this::resyncAll, 0, resync.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a reconcile of deployment {@code id} soon. */
    public void changed(String deploymentId) {
        queue.enqueue(deploymentId);
    }

    /**
     * Per-host properties changed (a host reported a new MUX endpoint): gives the agent manager every
     * agency's configuration again, which asks each host's properties anew and redeploys the SVM of a
     * host whose answer differs.
     */
    public void hostPropertiesChanged() {
        configured.clear();
        resyncAll();
    }

    /** Every deployment and every agency, once more (also what the periodic resync does). */
    public void resyncAll() {
        Set<String> ids = new HashSet<>();
        catalog.all().forEach(d -> ids.add(d.id()));
        agents.agencies().forEach(a -> ids.add(a.id()));
        ids.forEach(queue::enqueue);
    }

    /** One level-triggered pass over deployment {@code id}; public so tests can drive it step by step. */
    public Result reconcileOnce(String id) {
        Optional<StoredResource> deployment = catalog.all().stream().filter(d -> d.id().equals(id)).findFirst();
        Optional<Agency> agency = agents.agency(id);
        if (deployment.isEmpty() || deployment.get().markedForDelete()) {
            return remove(id, deployment, agency);
        }
        AgencyConfig desired = configs.configFor(deployment.get());
        if (agency.isEmpty()) {
            try {
                agents.createAgency(id, desired, GoalState.ENABLED);
                configured.add(id);
                LOG.info("Deployment {}: agency created for cluster {}", id, desired.clusterId());
            } catch (AgencyExistsException e) {
                return Result.after(Duration.ZERO);
            }
        } else if (!configured.contains(id) || !AgencyConfigs.sameDeployment(agency.get().config(), desired)) {
            agents.updateAgency(id, desired);
            LOG.info("Deployment {}: agency configured", id);
        }
        configured.add(id);
        return Result.done();
    }

    private Result remove(String id, Optional<StoredResource> deployment, Optional<Agency> agency) {
        if (agency.isPresent()) {
            if (!agency.get().removing()) {
                agents.destroyAgency(id);
                LOG.info("Deployment {}: removing its service VMs", id);
            }
            return Result.after(REMOVAL_POLL);
        }
        deployment.ifPresent(d -> {
            catalog.forget(d.path());
            LOG.info("Deployment {}: removed", id);
        });
        return Result.done();
    }

    @Override
    public DeploymentState observe(String deploymentPath) {
        String id = deploymentPath.substring(deploymentPath.lastIndexOf('/') + 1);
        return states.observe(id);
    }

    @Override
    public void close() {
        queue.close();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop watching the agent manager: " + e.getMessage(), e);
            }
        }
    }
}

package io.interpose.compute.agent;

import io.interpose.compute.Networks;
import io.interpose.compute.UnknownObjectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the agent manager runs. The executor is the caller's (it runs reconcile passes, resyncs and
 * event deliveries; the caller shuts it down after {@link LabAgentManager#close}).
 */
public record AgentManagerSettings(Clock clock, ScheduledExecutorService executor, PackageLoader packages, Networks networks,
        RestartBackoff backoff, Duration resyncPeriod) {
    public AgentManagerSettings {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(packages, "packages");
        Objects.requireNonNull(networks, "networks");
        Objects.requireNonNull(backoff, "backoff");
        if (resyncPeriod == null || resyncPeriod.isNegative() || resyncPeriod.isZero()) {
            throw new IllegalArgumentException("resyncPeriod must be positive");
        }
    }

    /** System clock, directory packages, no networks, {@link RestartBackoff#DEFAULT}, resync every 30 s. */
    public static AgentManagerSettings defaults(ScheduledExecutorService executor) {
        return new AgentManagerSettings(Clock.systemUTC(), executor, new DirectoryPackageLoader(), NoNetworks.INSTANCE,
                RestartBackoff.DEFAULT, Duration.ofSeconds(30));
    }

    public AgentManagerSettings withClock(Clock value) {
        return new AgentManagerSettings(value, executor, packages, networks, backoff, resyncPeriod);
    }

    public AgentManagerSettings withPackages(PackageLoader value) {
        return new AgentManagerSettings(clock, executor, value, networks, backoff, resyncPeriod);
    }

    public AgentManagerSettings withNetworks(Networks value) {
        return new AgentManagerSettings(clock, executor, packages, value, backoff, resyncPeriod);
    }

    public AgentManagerSettings withBackoff(RestartBackoff value) {
        return new AgentManagerSettings(clock, executor, packages, networks, value, resyncPeriod);
    }

    public AgentManagerSettings withResyncPeriod(Duration value) {
        return new AgentManagerSettings(clock, executor, packages, networks, backoff, value);
    }

    /** A compute manager without networks: a NIC configuration cannot be resolved. */
    private enum NoNetworks implements Networks {
        INSTANCE;

        @Override
        public List<Network> networks() {
            return List.of();
        }

        @Override
        public Optional<Network> network(String networkId) {
            return Optional.empty();
        }

        @Override
        public IpAllocation allocate(String poolId, String owner) {
            throw new UnknownObjectException("no IP pool '" + poolId + "' (this agent manager has no networks)");
        }

        @Override
        public boolean release(String poolId, String owner) {
            return false;
        }
    }
}

package io.interpose.compute.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Service VMs without processes, for scale runs and fast tests. A start succeeds at once and reports
 * ready at once, unless a test holds readiness or arms start failures; a test can crash a service VM
 * or make one refuse to stop. Survives the agent manager that uses it, like processes outlive a crashed
 * JVM, so restarts can be simulated.
 *
 * <p>It also guards the agent manager's invariant: a start for an agency and host that already has a
 * live service VM is recorded in {@link #violations()} and refused. Thread-safe.
 */
public final class SimulatedSvmRuntime implements SvmRuntime {
    private final Map<String, SimulatedSvm> alive = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> refusingStop = ConcurrentHashMap.newKeySet();
    private final AtomicLong pids = new AtomicLong(100_000);
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger failingStarts = new AtomicInteger();
    private volatile boolean holdReadiness;

    @Override
    public synchronized List<String> reapStale() {
        List<String> reaped = new ArrayList<>(alive.keySet());
        reaped.forEach(svmId -> alive.remove(svmId).exit());
        return reaped;
    }

    @Override
    public RunningSvm start(SvmLaunch launch, SvmListener listener) {
        starts.incrementAndGet();
        if (failingStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SvmStartException("simulated start failure of " + launch.svmId(), null);
        }
        var svm = new SimulatedSvm(launch, listener, pids.incrementAndGet());
        synchronized (this) {
            boolean taken = alive.values().stream().anyMatch(other -> other.launch.agencyId().equals(launch.agencyId())
                    && other.launch.hostId().equals(launch.hostId())) || alive.containsKey(launch.svmId());
            if (taken) {
                violations.add("second service VM for agency " + launch.agencyId() + " on host " + launch.hostId());
                throw new IllegalStateException("a service VM of agency " + launch.agencyId() + " already runs on host " + launch.hostId());
            }
            alive.put(launch.svmId(), svm);
        }
        if (!holdReadiness) {
            svm.listener.ready(svm);
        }
        return svm;
    }

    @Override
    public void remove(String svmId) {
        // Nothing is stored for a simulated service VM.
    }

    /** Kills a running service VM as {@code kill -9} would; false if it was not running. */
    public boolean crash(String svmId) {
        SimulatedSvm svm = alive.remove(svmId);
        if (svm == null) {
            return false;
        }
        svm.exit();
        svm.listener.exited(svm, 137);
        return true;
    }

    /** Reports a held service VM ready; false if it is not running. */
    public boolean markReady(String svmId) {
        SimulatedSvm svm = alive.get(svmId);
        if (svm != null) {
            svm.listener.ready(svm);
        }
        return svm != null;
    }

    /** While held, started service VMs report ready only through {@link #markReady}. */
    public void holdReadiness(boolean hold) {
        holdReadiness = hold;
    }

    /** The next {@code count} starts fail with {@link SvmStartException}. */
    public void failNextStarts(int count) {
        failingStarts.set(count);
    }

    /** While refused, stopping {@code svmId} fails (it keeps running). */
    public void refuseStop(String svmId, boolean refuse) {
        if (refuse) {
            refusingStop.add(svmId);
        } else {
            refusingStop.remove(svmId);
        }
    }

    /** The ids of the running service VMs, sorted. */
    public List<String> running() {
        return alive.keySet().stream().sorted().toList();
    }

    public Optional<RunningSvm> running(String svmId) {
        return Optional.ofNullable(alive.get(svmId));
    }

    /** What the running service VM {@code svmId} was started with (its package and OVF environment). */
    public Optional<SvmLaunch> launch(String svmId) {
        return Optional.ofNullable(alive.get(svmId)).map(svm -> svm.launch);
    }

    /** How many starts were asked for, failed ones included. */
    public int starts() {
        return starts.get();
    }

    /** Every attempt to start a second service VM for one agency and host. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    private final class SimulatedSvm implements RunningSvm {
        private final SvmLaunch launch;
        private final SvmListener listener;
        private final long pid;
        private volatile boolean running = true;

        private SimulatedSvm(SvmLaunch launch, SvmListener listener, long pid) {
            this.launch = launch;
            this.listener = listener;
            this.pid = pid;
        }

        @Override
        public String svmId() {
            return launch.svmId();
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(pid);
        }

        @Override
        public boolean alive() {
            return running;
        }

        private void exit() {
            running = false;
        }

        @Override
        public boolean stop() {
            if (refusingStop.contains(svmId())) {
                return false;
            }
            if (alive.remove(svmId(), this)) {
                exit();
                listener.exited(this, 143);
            }
            return true;
        }
    }
}

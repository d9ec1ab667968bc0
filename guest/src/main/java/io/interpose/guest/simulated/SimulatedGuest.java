package io.interpose.guest.simulated;

import io.interpose.guest.link.GuestLink;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.LinkListener;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.OsFamily;
import io.interpose.protocol.gi.Welcome;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory VM that speaks the guest link through a {@link GuestLink}: a small file system (with the
 * EICAR test file in alice's Downloads), a process table with ancestry, connections, and alice logged in.
 * The config's OS family chooses the flavour: a Linux guest ({@code /home/alice/Downloads/eicar.com}, sshd and
 * bash) or a Windows one ({@code C:\Users\alice\Downloads\eicar.com}, System, services, explorer and
 * PowerShell, RDP, and a registry its workload changes). Its workload produces events at a configurable rate,
 * only of the types the Interest asks for; it answers queries from its state and carries out remediation
 * (delete and quarantine remove the file, kill ends the process, deny_access makes later opens of the path
 * denied locally without asking). It stands in for the thin agent in the lab until the real one exists.
 *
 * <p>Failure modes: none thrown; a MUX that is away or refuses the guest shows in {@link #status()}.
 */
public final class SimulatedGuest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGuest.class);

    private final SimulatedVm vm;
    private final GuestLink link;
    private final Outcomes outcomes = new Outcomes();
    private final Workload workload;
    private final ScheduledExecutorService scheduler;
    private final double operationsPerSecond;
    private volatile ScheduledFuture<?> ticker;

    /**
     * @param operationsPerSecond workload operations per second (each yields one to three events); 0 for none
     * @param seed makes the workload repeatable
     * @param scheduler runs the link's timers and the workload
     * @param responders answers queries and remediation
     */
    public SimulatedGuest(GuestLinkConfig config, double operationsPerSecond, long seed, Clock clock,
                          ScheduledExecutorService scheduler, Executor responders) {
        if (operationsPerSecond < 0) {
            throw new IllegalArgumentException("operationsPerSecond must not be negative");
        }
        this.vm = SimulatedVm.sample(Objects.requireNonNull(clock, "clock"), GuestFlavour.of(config.osFamily()));
        this.scheduler = scheduler;
        this.operationsPerSecond = operationsPerSecond;
        SessionListener listener = new SessionListener();
        this.link = new GuestLink(config, new SimulatedResponder(vm), listener, scheduler, responders);
        this.workload = new Workload(vm, link, outcomes, seed);
    }

    /** Connects and starts the workload. */
    public void start() {
        link.start();
        if (operationsPerSecond > 0) {
            long periodNanos = operationsPerSecond >= 1_000 ? 1_000_000 : (long) (1e9 / operationsPerSecond);
            int perTick = (int) Math.max(1, Math.round(operationsPerSecond * periodNanos / 1e9));
            ticker = scheduler.scheduleAtFixedRate(() -> tick(perTick), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the workload and says goodbye to the MUX. */
    @Override
    public void close() {
        ScheduledFuture<?> running = ticker;
        if (running != null) {
            running.cancel(false);
        }
        link.close();
    }

    public String vmId() {
        return link.vmId();
    }

    /** The OS family this guest imitates (and announces in its hello). */
    public OsFamily osFamily() {
        return vm.flavour == GuestFlavour.WINDOWS ? OsFamily.WINDOWS : OsFamily.LINUX;
    }

    public GuestLink link() {
        return link;
    }

    public GuestStatus status() {
        return new GuestStatus(link.vmId(), link.isConnected(), link.state(), link.counters().sent(),
                outcomes.allowedCount(), outcomes.deniedCount(), outcomes.last(),
                link.refusal().map(Object::toString), link.replaced());
    }

    /** The last operations this guest refused, oldest first (at most 100). */
    public List<Denial> denials() {
        return outcomes.denials();
    }

    private void tick(int operations) {
        try {
            steps(operations);
        } catch (RuntimeException e) {
            LOG.warn("{}: workload step failed", vmId(), e);
        }
    }

    /** Runs workload operations now, on the calling thread (tests drive the workload this way). */
    void steps(int count) {
        for (int i = 0; i < count; i++) {
            workload.step();
        }
    }

    SimulatedVm vm() {
        return vm;
    }

    /** Starts each session's events with SYSTEM_AGENT_START once its first Interest is known. */
    private final class SessionListener implements LinkListener {
        private final AtomicBoolean awaitingInterest = new AtomicBoolean();

        @Override
        public void onEstablished(Welcome welcome) {
            awaitingInterest.set(true);
        }

        @Override
        public void onInterest(Interest interest) {
            if (awaitingInterest.compareAndSet(true, false)) {
                workload.sessionStarting();
                scheduler.execute(() -> steps(1));
            }
        }
    }
}

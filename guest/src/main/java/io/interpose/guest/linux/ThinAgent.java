package io.interpose.guest.linux;

import io.interpose.guest.link.GuestLink;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.guest.link.GuestResponder;
import io.interpose.guest.link.LinkListener;
import io.interpose.guest.linux.clock.ClockWatch;
import io.interpose.guest.linux.login.LoginWatcher;
import io.interpose.guest.linux.network.ConnectionWatch;
import io.interpose.guest.linux.proc.ProcFs;
import io.interpose.guest.linux.process.ProcessEvents;
import io.interpose.guest.linux.proc.UserNames;
import io.interpose.guest.linux.respond.AccessDenials;
import io.interpose.guest.linux.respond.LinuxResponder;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import io.interpose.protocol.gi.Query;
import io.interpose.protocol.gi.QueryResult;
import io.interpose.protocol.gi.Remediation;
import io.interpose.protocol.gi.RemediationResult;
import io.interpose.protocol.gi.SystemEvent;
import io.interpose.protocol.gi.Welcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux thin agent: a {@link GuestLink} to the host's Context MUX and a {@link FileGuard} on the
 * watched file systems, kept marked for what the Interest asks. Each session starts with
 * {@code SYSTEM_AGENT_START}; {@link #close()} sends {@code SYSTEM_AGENT_STOP}, then lets every waiting
 * open through and disconnects. Needs root (fanotify permission events).
 */
public final class ThinAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ThinAgent.class);

    /**
     * Where and how the agent intercepts.
     *
     * @param watched paths whose file system (or mount, per {@code scope}) is watched
     * @param quarantine the directory quarantined files go to; opens in it by anyone else are denied
     * @param maxWaiting opens that may wait for a verdict at once (each holds a file descriptor)
     * @param excluded directories left out: opens there are allowed without asking, nothing there is reported
     *     (deny orders and the quarantine still hold)
     */
    public record Settings(List<Path> watched, MarkScope scope, Path quarantine, int maxWaiting, List<Path> excluded) {
        public Settings {
            watched = List.copyOf(watched);
            excluded = List.copyOf(excluded);
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(quarantine, "quarantine");
            if (watched.isEmpty()) {
                throw new IllegalArgumentException("at least one watched path is required");
            }
            if (maxWaiting < 1) {
                throw new IllegalArgumentException("maxWaiting must be positive");
            }
        }

        /** Nothing excluded. */
        public Settings(List<Path> watched, MarkScope scope, Path quarantine, int maxWaiting) {
            this(watched, scope, quarantine, maxWaiting, List.of());
        }
    }

    /** What this agent can report today: it announces these in its hello, and the MUX never asks for others. */
    public static final Set<EventType> CAPABILITIES = Set.copyOf(EnumSet.of(EventType.FILE_OPEN, EventType.FILE_EXEC,
            EventType.FILE_CLOSE_WRITE, EventType.FILE_CREATE, EventType.FILE_DELETE, EventType.FILE_RENAME,
            EventType.PROCESS_START, EventType.PROCESS_EXIT, EventType.NETWORK_CONNECT, EventType.NETWORK_ACCEPT, EventType.NETWORK_CLOSE, EventType.USER_LOGIN, EventType.USER_LOGOUT, EventType.SYSTEM_AGENT_START, EventType.SYSTEM_AGENT_STOP,
            EventType.SYSTEM_TIME_CHANGE));

    /** How long a process's context is reused while it is the same run of the same program. */
    static final Duration PROCESS_CONTEXT_MAX_AGE = Duration.ofSeconds(2);

    /** The system files the agent reads user names from. */
    public static final Path PASSWD = Path.of("/etc/passwd");

    private final GuestLinkConfig config;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService responders;
    private final GuestLink link;
    private final FileGuard guard;
    private final Optional<DirectoryEntries> entries;
    private final Clock clock;
    private volatile Runnable onClose = () -> { };
    private volatile Optional<ProcessEvents> processEvents = Optional.empty();

    private ThinAgent(GuestLinkConfig config, Settings settings, ProcessLookup processes, LocalRules rules,
            GuestResponder responder, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("guest-link"));
        this.responders = Executors.newSingleThreadExecutor(daemon("guest-responder"));
        this.link = new GuestLink(config, responder, new Listener(), scheduler, responders);
        FileGuard fileGuard = null;
        try {
            Exclusions excluded = new Exclusions(settings.excluded());
            fileGuard = new FileGuard(settings.watched(), settings.scope(), link, processes, rules, excluded, settings.quarantine(),
                    settings.maxWaiting(), clock);
            this.entries = settings.scope() == MarkScope.FILESYSTEM
                    ? Optional.of(new DirectoryEntries(settings.watched(), excluded, sink(), processes, clock)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            if (fileGuard != null) {
                fileGuard.close();
            }
            scheduler.shutdownNow();
            responders.shutdownNow();
            throw e;
        }
        this.guard = fileGuard;
    }

    /**
     * Starts the agent: marks nothing until the MUX's first Interest asks for file events, then
     * connects (and reconnects) in the background.
     *
     * @throws IOException when fanotify is unavailable (not root, or a kernel without permission events)
     */
    public static ThinAgent start(GuestLinkConfig config, Settings settings, ProcessLookup processes, LocalRules rules,
            GuestResponder responder, Clock clock) throws IOException {
        ThinAgent agent = new ThinAgent(config, settings, processes, rules, responder, clock);
        try {
            agent.guard.start();
            agent.entries.ifPresent(DirectoryEntries::start);
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e;
        }
        agent.link.start();
        return agent;
    }

    /**
     * Starts the agent on the live Linux system: process context from procfs, user names from
     * {@code /etc/passwd}, queries and remediation carried out for real ({@link LinuxResponder}), and
     * {@code deny_access} orders enforced by the file guard.
     *
     * @throws IOException when fanotify is unavailable (not root, or a kernel without permission events)
     */
    public static ThinAgent startLinux(GuestLinkConfig config, Settings settings, Clock clock) throws IOException {
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(daemon("guest-sensors"));
        UserNames names = UserNames.load(PASSWD, background, clock);
        ProcFs procFs = ProcFs.live(names);
        AccessDenials denials = new AccessDenials(clock);
        LocalRules rules = new LocalRules() {
            @Override
            public boolean denied(Path path) {
                return denials.denied(path);
            }

            @Override
            public boolean active() {
                return denials.size() > 0;
            }
        };
        RulesFollower follower = new RulesFollower(new LinuxResponder(procFs, denials, settings.quarantine(), clock));
        ProcessLookup recent = new RecentProcesses(procFs::process, procFs::identity, System::nanoTime,
                PROCESS_CONTEXT_MAX_AGE.toNanos(), 4_096);
        ThinAgent agent = start(config, settings, recent, rules, follower, clock);
        follower.agent = agent;
        EventSink sink = agent.sink();
        LoginWatcher logins = LoginWatcher.start(LoginWatcher.LOGIND_SESSIONS, LoginWatcher.UTMP, sink, names::uid, background,
                LoginWatcher.DEFAULT_POLL_INTERVAL, clock);
        ClockWatch clockWatch = ClockWatch.start(sink, background, ClockWatch.DEFAULT_INTERVAL, ClockWatch.DEFAULT_THRESHOLD,
                InstantSource.system(), ClockWatch::bootTimeNanos);
        ConnectionWatch connections = ConnectionWatch.start(procFs::connections, sink, recent, background,
                ConnectionWatch.DEFAULT_INTERVAL, clock);
        Optional<ProcessEvents> processes = processEvents(procFs, sink, clock);
        agent.processEvents = processes;
        agent.onClose = () -> {
            processes.ifPresent(ProcessEvents::close);
            logins.close();
            clockWatch.close();
            connections.close();
            background.shutdownNow();
        };
        agent.localRulesChanged();
        return agent;
    }

    /**
     * Process events, if this guest lets the agent have them: without the process connector
     * ({@code CAP_NET_ADMIN}, {@code CONFIG_PROC_EVENTS}) the agent still guards files, and says so.
     */
    private static Optional<ProcessEvents> processEvents(ProcFs procFs, EventSink sink, Clock clock) {
        try {
            return Optional.of(ProcessEvents.start(procFs::process, sink, clock));
        } catch (IOException e) {
            log.warn("No process start and exit events: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Re-marks after every remediation (a file deleted, quarantined or denied is no longer one whose allow
     * may be kept), and again when a {@code deny_access} order expires.
     */
    private static final class RulesFollower implements GuestResponder {
        private final GuestResponder responder;
        private volatile ThinAgent agent;

        RulesFollower(GuestResponder responder) {
            this.responder = responder;
        }

        @Override
        public QueryResult answer(Query query) {
            return responder.answer(query);
        }

        @Override
        public RemediationResult remediate(Remediation remediation) {
            RemediationResult result = responder.remediate(remediation);
            ThinAgent current = agent;
            if (current != null) {
                current.localRulesChanged();
                int millis = remediation.hasDenyAccess() ? remediation.getDenyAccess().getDurationMs() : 0;
                if (millis > 0) {
                    current.scheduler.schedule(current::localRulesChanged, millis + 1L, TimeUnit.MILLISECONDS);
                }
            }
            return result;
        }
    }

    public GuestLink link() {
        return link;
    }

    /** The marks now set (for tests). */
    Marks marks() {
        return guard.marks();
    }

    /** The directory-entry events now marked (for tests; 0 with mount marks). */
    long entryMask() {
        return entries.map(DirectoryEntries::mask).orElse(0L);
    }

    /** Every counter, in the Prometheus text format (for a metrics endpoint). */
    public String scrape() {
        return AgentMetrics.prometheus(config.vmId(), guard.counters(), link.counters(), processEvents.map(ProcessEvents::counters));
    }

    public GuardCounters counters() {
        return guard.counters();
    }

    /** Where sensors send events: the link, as notifications, for the types the Interest wants. */
    public EventSink sink() {
        return new EventSink() {
            @Override
            public boolean wants(EventType type) {
                return link.interest().wants(type);
            }

            @Override
            public boolean send(Event event) {
                return link.notify(event);
            }
        };
    }

    /** The local rules changed (a deny order came or expired): re-mark, so that they hold. */
    public void localRulesChanged() {
        try {
            guard.refreshMarks();
            if (entries.isPresent()) {
                entries.get().update(link.interest());
            }
        } catch (IOException e) {
            log.error("Could not update the fanotify marks", e);
        }
    }

    /** Says {@code SYSTEM_AGENT_STOP}, lets every waiting open through, and disconnects. */
    @Override
    public void close() {
        link.notify(systemEvent(EventType.SYSTEM_AGENT_STOP, "stopping"));
        guard.close();
        entries.ifPresent(DirectoryEntries::close);
        link.close();
        scheduler.shutdownNow();
        responders.shutdownNow();
        onClose.run();
    }

    private Event systemEvent(EventType type, String reason) {
        return Events.now(type, clock)
                .setSystem(SystemEvent.newBuilder().setAgentVersion(config.agentVersion()).setReason(reason)).build();
    }

    /** Runs once the link has started, so the guard exists. */
    private final class Listener implements LinkListener {
        @Override
        public void onEstablished(Welcome welcome) {
            link.notify(systemEvent(EventType.SYSTEM_AGENT_START, "session " + welcome.getSessionId()));
        }

        @Override
        public void onInterest(Interest interest) {
            localRulesChanged();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

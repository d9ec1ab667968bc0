package io.interpose.guest.linux;

import io.interpose.guest.link.CurrentInterest;
import io.interpose.guest.link.CurrentInterest.Mode;
import io.interpose.guest.link.GuestLink;
import io.interpose.protocol.gi.Decision;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.FileEvent;
import io.interpose.protocol.gi.ProcessContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intercepts file opens, executions and writes with fanotify and relays them over the guest link.
 *
 * <p>One reader thread reads both groups. A permission event (the opener waits) is answered at once
 * when it comes from this agent's own process (its own opens must never wait for itself), touches the
 * quarantine (denied to everyone else), is refused by a local rule, or is of a type no service decides
 * (allowed). Otherwise it becomes an event awaiting a verdict, and the opener waits until the verdict
 * arrives or the link gives the Interest's default decision (at the deadline, on disconnect, or at once
 * when not connected); then the kernel is answered and the event's descriptor closed. At most
 * {@code maxWaiting} opens wait at a time (each holds a descriptor); beyond that the default decision
 * is applied at once. Notification events are sent and never wait.
 *
 * <p>The reader does nothing that could open a file on a marked file system: it reads only procfs (the
 * event's path and the process context), so it never waits for itself. Answers are written before
 * anything is logged.
 *
 * <p>{@link #close()} closes both groups: the kernel allows every open still waiting.
 */
final class FileGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileGuard.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long RESCUE_AFTER_NANOS = 200_000_000L;

    private final Fanotify permissions;
    private final Fanotify notifications;
    private final Marks marks;
    private final Poller poller;
    private final GuestLink link;
    private final ProcessLookup processes;
    private final LocalRules rules;
    private final Exclusions excluded;
    private final Path quarantine;
    private final int ownPid;
    private final Clock clock;
    private final IgnoreMarks kept;
    private final Semaphore waiting;
    private final Counters counters = new Counters();
    private final Thread reader;
    private final Thread rescuer;
    private volatile long busySince;
    private volatile boolean running = true;

    private static final class Counters {
        final LongAdder permissionEvents = new LongAdder();
        final LongAdder notifications = new LongAdder();
        final LongAdder asked = new LongAdder();
        final LongAdder allowed = new LongAdder();
        final LongAdder denied = new LongAdder();
        final LongAdder defaulted = new LongAdder();
        final LongAdder overloaded = new LongAdder();
        final LongAdder ownEvents = new LongAdder();
        final LongAdder overflows = new LongAdder();
        final LongAdder rescued = new LongAdder();
    }

    FileGuard(List<Path> watched, MarkScope scope, GuestLink link, ProcessLookup processes, LocalRules rules,
            Exclusions excluded, Path quarantine, int maxWaiting, Clock clock) throws IOException {
        this.permissions = Fanotify.permissions();
        try {
            this.notifications = Fanotify.notifications();
            this.poller = new Poller(permissions.fd(), notifications.fd());
        } catch (IOException e) {
            permissions.close();
            throw e;
        }
        this.marks = new Marks(permissions, notifications, watched, scope);
        this.link = link;
        this.processes = processes;
        this.rules = rules;
        this.excluded = excluded;
        this.quarantine = quarantine.toAbsolutePath().normalize();
        this.ownPid = LinuxNative.getpid();
        this.clock = clock;
        this.kept = new IgnoreMarks(permissions, System::nanoTime);
        this.waiting = new Semaphore(maxWaiting);
        this.reader = new Thread(this::readLoop, "guest-fanotify");
        reader.setDaemon(true);
        this.rescuer = new Thread(this::rescueLoop, "guest-fanotify-rescuer");
        rescuer.setDaemon(true);
    }

    void start() throws IOException {
        rehearse();
        reader.start();
        rescuer.start();
        refreshMarks();
    }

    /**
     * Runs the reader's path once before anything is marked, so that the classes it needs are loaded:
     * loading a class can open a file, and an open by the reader itself, once marked, would wait for
     * the reader.
     */
    private void rehearse() {
        int fd = LinuxNative.open("/proc/self/stat", LinuxNative.READ_ONLY);
        try {
            OpenedFile file = OpenedFile.of(fd).orElseThrow(() -> new IllegalStateException("/proc/self/fd does not resolve"));
            event(EventType.FILE_OPEN, ownPid, file);
            kept.generation();
            rules.denied(file.path());
            excluded.covers(file.path());
            inQuarantine(file.path());
            link.interest().mode(EventType.FILE_OPEN);
            FanotifyEvent.parse(ByteBuffer.allocate(0));
            permissions.respond(-1, true);
        } finally {
            LinuxNative.close(fd);
        }
    }

    /** The Interest or the local rules changed: mark what is now consumed, forget reusable verdicts. */
    void refreshMarks() throws IOException {
        kept.flush();
        marks.update(link.interest(), rules.active());
    }

    Marks marks() {
        return marks;
    }

    GuardCounters counters() {
        Counters c = counters;
        return new GuardCounters(c.permissionEvents.sum(), c.notifications.sum(), c.asked.sum(), c.allowed.sum(), c.denied.sum(),
                c.defaulted.sum(), c.overloaded.sum(), c.ownEvents.sum(), c.overflows.sum(), c.rescued.sum(),
                permissions.unreadable() + notifications.unreadable());
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        try {
            while (running) {
                boolean[] ready = poller.await();
                if (ready == null) {
                    return;
                }
                if (ready[0]) {
                    busySince = System.nanoTime();
                    permissions.read(buffer).forEach(this::permission);
                    busySince = 0;
                }
                if (ready[1]) {
                    notifications.read(buffer).forEach(this::notification);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("The fanotify reader stopped; closing the groups so that no open waits for it", e);
                closeGroups();
            }
        }
    }

    /**
     * Stands in for the reader while it is stuck on one batch for longer than {@link #RESCUE_AFTER_NANOS}:
     * the reader may itself be an opener waiting for an answer (an open the JVM does on its behalf), and
     * only someone else reading the group can give it. Polls four times the rescue delay; costs nothing
     * per event.
     */
    private void rescueLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        try {
            while (running) {
                Thread.sleep(RESCUE_AFTER_NANOS / 4_000_000);
                kept.expire();
                long since = busySince;
                while (running && since != 0 && System.nanoTime() - since > RESCUE_AFTER_NANOS && since == busySince) {
                    List<FanotifyEvent> events = permissions.read(buffer);
                    counters.rescued.add(events.size());
                    events.forEach(this::permission);
                    if (events.isEmpty()) {
                        Thread.sleep(1);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("The fanotify rescuer stopped", e);
            }
        }
    }

    private void permission(FanotifyEvent event) {
        if (event.fd() == LinuxNative.FAN_NOFD) {
            counters.overflows.increment();
            return;
        }
        counters.permissionEvents.increment();
        if (event.pid() == ownPid) {
            counters.ownEvents.increment();
            answer(event, true);
            return;
        }
        Optional<OpenedFile> file = OpenedFile.of(event.fd());
        if (file.isPresent() && (inQuarantine(file.get().path()) || rules.denied(file.get().path()))) {
            counters.denied.increment();
            answer(event, false);
            return;
        }
        EventType type = event.is(LinuxNative.FAN_OPEN_EXEC_PERM) ? EventType.FILE_EXEC : EventType.FILE_OPEN;
        CurrentInterest interest = link.interest();
        if (file.isEmpty() || interest.mode(type) != Mode.DECIDE || excluded.covers(file.get().path())) {
            counters.allowed.increment();
            answer(event, true);
            return;
        }
        ask(event, type, file.get(), interest);
    }

    private void ask(FanotifyEvent event, EventType type, OpenedFile file, CurrentInterest interest) {
        if (!waiting.tryAcquire()) {
            counters.overloaded.increment();
            answer(event, interest.defaultDecision() != Decision.DENY);
            return;
        }
        counters.asked.increment();
        long generation = kept.generation();
        link.decide(event(type, event.pid(), file)).whenComplete((verdict, error) -> {
            waiting.release();
            boolean allow = error == null ? verdict.getDecision() != Decision.DENY : interest.defaultDecision() != Decision.DENY;
            if (error == null && GuestLink.isGuestDefault(verdict)) {
                counters.defaulted.increment();
            } else if (allow) {
                kept.allow(event.fd(), type == EventType.FILE_EXEC ? LinuxNative.FAN_OPEN_EXEC_PERM : LinuxNative.FAN_OPEN_PERM,
                        Integer.toUnsignedLong(verdict.getCacheTtlMs()), generation);
            }
            (allow ? counters.allowed : counters.denied).increment();
            answer(event, allow);
        });
    }

    private void notification(FanotifyEvent event) {
        if (event.fd() == LinuxNative.FAN_NOFD) {
            counters.overflows.increment();
            return;
        }
        try {
            if (event.pid() == ownPid) {
                counters.ownEvents.increment();
                return;
            }
            EventType type = event.is(LinuxNative.FAN_CLOSE_WRITE) ? EventType.FILE_CLOSE_WRITE
                    : event.is(Marks.FAN_OPEN_EXEC) ? EventType.FILE_EXEC : EventType.FILE_OPEN;
            Optional<OpenedFile> file = OpenedFile.of(event.fd());
            if (file.isPresent() && !inQuarantine(file.get().path()) && !excluded.covers(file.get().path())
                    && link.interest().mode(type) == Mode.NOTIFY) {
                counters.notifications.increment();
                link.notify(event(type, event.pid(), file.get()));
            }
        } finally {
            Fanotify.release(event);
        }
    }

    private Event event(EventType type, int pid, OpenedFile file) {
        Event.Builder event = Events.now(type, clock)
                .setFile(FileEvent.newBuilder().setFile(file.context()));
        event.setProcess(processes.process(pid).orElse(ProcessContext.newBuilder().setPid(pid).build()));
        return event.build();
    }

    private boolean inQuarantine(Path path) {
        return path.startsWith(quarantine);
    }

    private void answer(FanotifyEvent event, boolean allow) {
        permissions.respond(event.fd(), allow);
        Fanotify.release(event);
    }

    /** Stops reading and closes both groups; the kernel allows every open still waiting. */
    @Override
    public void close() {
        running = false;
        poller.wake();
        rescuer.interrupt();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeGroups();
        poller.close();
    }

    private void closeGroups() {
        permissions.close();
        notifications.close();
    }
}

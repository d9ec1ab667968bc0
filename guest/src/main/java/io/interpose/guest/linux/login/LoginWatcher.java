package io.interpose.guest.linux.login;

import io.interpose.guest.linux.EventSink;
import io.interpose.protocol.gi.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches user sessions start and end on a Linux guest and sends {@code USER_LOGIN} and
 * {@code USER_LOGOUT} (each only when the sink {@link EventSink#wants wants} it).
 *
 * <p>Every poll reads the first source that exists: systemd-logind's session files (current
 * distributions; Debian trixie no longer writes utmp), else utmp. It diffs the interactive sessions
 * (logind: sessions of the {@code user*} classes but {@code user-incomplete}, not {@code closing}) with
 * the previous poll's: a session that appeared is a login, one that went (or, in logind, began
 * {@code closing}) a logout, reported with what it had at login. The sessions found at start are not logins (they were there before the agent) but are
 * in {@link #current()}; sessions found once a source appears after a start without one are.
 * Should utmp give way to logind (the agent started before logind did), the first logind reading
 * replaces utmp's silently, since both record the same logins.
 *
 * <p>Failure modes: with no source the watcher idles, and says so once at INFO; a source that cannot be
 * read keeps the sessions known (no logouts invented) and is logged once at WARN until it reads again.
 * A session file that cannot be read or is unfinished keeps its previous state; a partial utmp tail is
 * ignored. Polls run on the injected scheduler, one at a time.
 */
public final class LoginWatcher implements AutoCloseable {

    /** Where logins are read from. */
    public enum Source { LOGIND, UTMP, NONE }

    public static final Path LOGIND_SESSIONS = Path.of("/run/systemd/sessions");
    public static final Path UTMP = Path.of("/run/utmp");
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LoginWatcher.class);

    private final List<SessionSource> sources;
    private final EventSink sink;
    private final Clock clock;
    private volatile Map<String, UserSession> known = Map.of();
    private volatile Source source = Source.NONE;
    private Source lastRead = Source.NONE;
    private boolean baseline = true;
    private String status = "";
    private ScheduledFuture<?> polling;

    private LoginWatcher(List<SessionSource> sources, EventSink sink, Clock clock) {
        this.sources = sources;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Reads the sessions there now (reporting none of them) and polls every {@code pollInterval} on
     * {@code scheduler} (which stays the caller's: {@link #close()} only cancels the polling).
     *
     * @param logindSessions logind's session directory, {@link #LOGIND_SESSIONS} in production
     * @param utmp the utmp file, {@link #UTMP} in production
     * @param uidOf a user name's uid (utmp records only names); empty gives {@link UserSession#UNKNOWN_UID}
     * @throws IllegalArgumentException when {@code pollInterval} is not positive
     */
    public static LoginWatcher start(Path logindSessions, Path utmp, EventSink sink, Function<String, OptionalInt> uidOf,
            ScheduledExecutorService scheduler, Duration pollInterval, Clock clock) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(clock, "clock");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        List<SessionSource> sources = List.of(new LogindSessions(logindSessions), new UtmpFile(utmp, uidOf));
        LoginWatcher watcher = new LoginWatcher(sources, sink, clock);
        watcher.poll();
        long millis = Math.max(1, pollInterval.toMillis());
        watcher.polling = scheduler.scheduleWithFixedDelay(watcher::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** The interactive sessions as of the last poll, including those there before the watcher started. */
    public List<UserSession> current() {
        return List.copyOf(known.values());
    }

    /** The source the last poll read; {@link Source#NONE} while there is none. */
    public Source source() {
        return source;
    }

    /** Stops polling. The scheduler is left running. */
    @Override
    public void close() {
        polling.cancel(false);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.error("Reading the guest's logins failed", e);
        }
    }

    /** Reads the first source there is; with none, the empty set of sessions is the baseline. */
    synchronized void poll() {
        Optional<SessionSource> found = sources.stream().filter(SessionSource::exists).findFirst();
        if (found.isEmpty()) {
            source = Source.NONE;
            baseline = false;
            say(false, "No login source (neither " + sources.get(0).path() + " nor " + sources.get(1).path()
                    + " exists): not watching logins");
            return;
        }
        try {
            update(found.get(), found.get().read(known));
        } catch (IOException e) {
            source = Source.NONE;
            say(true, "Cannot read the logins in " + found.get().path() + ": " + e);
        }
    }

    /** Sends what changed, unless this reading is the baseline or comes from a new source. */
    private void update(SessionSource from, Map<String, UserSession> now) {
        boolean switched = lastRead != Source.NONE && lastRead != from.kind();
        if (!baseline && !switched) {
            sendChanges(known, now);
        }
        known = Collections.unmodifiableMap(new LinkedHashMap<>(now));
        baseline = false;
        lastRead = from.kind();
        source = from.kind();
        say(false, "Watching logins in " + from.path() + " (" + from.kind() + ")");
    }

    private void sendChanges(Map<String, UserSession> before, Map<String, UserSession> now) {
        before.forEach((key, session) -> {
            if (!now.containsKey(key)) {
                send(EventType.USER_LOGOUT, session);
            }
        });
        now.forEach((key, session) -> {
            if (!before.containsKey(key)) {
                send(EventType.USER_LOGIN, session);
            }
        });
    }

    private void send(EventType type, UserSession session) {
        if (sink.wants(type) && !sink.send(session.toEvent(type, clock.instant()))) {
            log.debug("{} of session {} dropped (link not connected or queue full)", type, session.id());
        }
    }

    /** Logs a status when it differs from the last one logged. */
    private void say(boolean warning, String message) {
        if (message.equals(status)) {
            return;
        }
        status = message;
        if (warning) {
            log.warn(message);
        } else {
            log.info(message);
        }
    }
}

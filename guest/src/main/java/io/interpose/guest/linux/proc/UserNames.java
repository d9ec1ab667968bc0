package io.interpose.guest.linux.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User names by uid, from {@code /etc/passwd} (the first line for a uid wins, as for {@code getpwuid}).
 * {@link #name} answers from memory only, so it can run on a thread that holds a blocked {@code open}: it
 * never reads the file itself. The file is read once when loaded, and again, on the injected executor, when
 * it has changed (identity, modification time or size): {@link #name} schedules that check when asked for a uid it does
 * not know, and at most once per {@link #CHECK_INTERVAL} otherwise; at most one check is in flight. Users
 * from other sources (LDAP, systemd's dynamic users) are not known: their uid is its decimal text.
 * A missing or unreadable file leaves the names as they were and is logged at WARN (once, until a read works).
 * Thread-safe.
 */
public final class UserNames {

    /** How often a lookup of a known uid may cause a check for a changed file. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(UserNames.class);

    private final Optional<Path> passwd;
    private final Executor refresher;
    private final Clock clock;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Map<Integer, String> names;
    private volatile Version version;
    private volatile Instant nextCheck;
    private volatile boolean failing;

    private UserNames(Optional<Path> passwd, Map<Integer, String> names, Executor refresher, Clock clock) {
        this.passwd = passwd;
        this.names = Map.copyOf(names);
        this.refresher = refresher;
        this.clock = clock;
        this.version = Version.NONE;
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    /** Reads {@code passwd} now (on the caller's thread) and later reloads it on {@code refresher}. */
    public static UserNames load(Path passwd, Executor refresher) {
        return load(passwd, refresher, Clock.systemUTC());
    }

    /** As {@link #load(Path, Executor)}, with the clock that paces the checks for a changed file. */
    public static UserNames load(Path passwd, Executor refresher, Clock clock) {
        UserNames userNames = new UserNames(Optional.of(passwd), Map.of(), Objects.requireNonNull(refresher), clock);
        userNames.check();
        return userNames;
    }

    /** Fixed names, never reloaded (tests). */
    public static UserNames of(Map<Integer, String> names) {
        return new UserNames(Optional.empty(), names, Runnable::run, Clock.systemUTC());
    }

    /** The user name of {@code uid}, or the uid in decimal when it is not known (yet). Memory only. */
    public String name(int uid) {
        String name = names.get(uid);
        if (name == null || !clock.instant().isBefore(nextCheck)) {
            scheduleCheck();
        }
        return name != null ? name : Integer.toUnsignedString(uid);
    }

    /** The uid of the user called {@code name}, when known. Memory only (a check for a changed file may follow). */
    public OptionalInt uid(String name) {
        for (Map.Entry<Integer, String> entry : names.entrySet()) {
            if (entry.getValue().equals(name)) {
                return OptionalInt.of(entry.getKey());
            }
        }
        scheduleCheck();
        return OptionalInt.empty();
    }

    private void scheduleCheck() {
        if (passwd.isEmpty() || !checking.compareAndSet(false, true)) {
            return;
        }
        nextCheck = clock.instant().plus(CHECK_INTERVAL);
        try {
            refresher.execute(() -> {
                try {
                    check();
                } finally {
                    checking.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            checking.set(false);
        }
    }

    /** Reads the file again if it changed since it was last read. */
    private void check() {
        Path file = passwd.orElseThrow();
        try {
            Version now = Version.of(Files.readAttributes(file, BasicFileAttributes.class));
            if (!now.equals(version)) {
                names = parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                version = now;
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read user names from {}: {}", file, e.toString());
            }
            failing = true;
        }
    }

    /** {@code name:password:uid:gid:gecos:home:shell} lines; others (comments, NIS {@code +} lines) are skipped. */
    static Map<Integer, String> parse(String passwd) {
        Map<Integer, String> names = new HashMap<>();
        for (String line : passwd.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && !fields[0].isEmpty() && !line.startsWith("#") && !line.startsWith("+")) {
                try {
                    names.putIfAbsent(Integer.parseUnsignedInt(fields[2]), fields[0]);
                } catch (NumberFormatException e) {
                    // not a user line
                }
            }
        }
        return Map.copyOf(names);
    }

    /** What tells a changed file: its identity (a new file renamed over it), modification time and size. */
    private record Version(Object fileKey, FileTime modified, long size) {
        static final Version NONE = new Version("", FileTime.fromMillis(0), -1);

        static Version of(BasicFileAttributes attributes) {
            return new Version(Objects.requireNonNullElse(attributes.fileKey(), ""), attributes.lastModifiedTime(),
                    attributes.size());
        }
    }
}

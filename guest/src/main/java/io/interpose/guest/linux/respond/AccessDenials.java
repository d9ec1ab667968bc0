package io.interpose.guest.linux.respond;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files the agent denies on its own, without asking the MUX ({@code DenyAccess} orders, docs/gi-protocol.md
 * section 4.4). The fanotify reader checks {@link #denied} for every open before anything else, so it is
 * memory only and cheap: one map look-up and, for a timed entry, one read of the clock. Paths are matched
 * exactly, after normalisation ({@code /a/./b} and {@code /a/c/../b} are {@code /a/b}); no symbolic link is
 * resolved (fanotify names the file by its resolved path). Entries last until their duration passes (then they
 * read as not denied and are dropped) or, for {@link Duration#ZERO}, until the agent stops: nothing is kept on
 * disk. Thread-safe.
 */
public final class AccessDenials {

    private final Clock clock;
    private final Map<Path, Instant> until = new ConcurrentHashMap<>();

    public AccessDenials(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Denies opens of {@code path} for {@code duration} from now ({@link Duration#ZERO}: until the agent stops),
     * replacing an earlier entry for the path.
     *
     * @throws IllegalArgumentException for a relative path or a negative duration
     */
    public void deny(Path path, Duration duration) {
        if (!path.isAbsolute() || duration.isNegative()) {
            throw new IllegalArgumentException("need an absolute path and a duration of zero or more, not "
                    + path + " for " + duration);
        }
        until.put(path.normalize(), duration.isZero() ? Instant.MAX : expiry(duration));
    }

    /** Whether opens of {@code path} are denied now. */
    public boolean denied(Path path) {
        Path key = path.normalize();
        Instant end = until.get(key);
        if (end == null) {
            return false;
        }
        if (!Instant.MAX.equals(end) && !clock.instant().isBefore(end)) {
            until.remove(key, end);
            return false;
        }
        return true;
    }

    /** How many paths are denied (entries past their time but not yet looked up are counted too). */
    public int size() {
        return until.size();
    }

    private Instant expiry(Duration duration) {
        try {
            return clock.instant().plus(duration);
        } catch (ArithmeticException | DateTimeException e) {
            return Instant.MAX;
        }
    }
}

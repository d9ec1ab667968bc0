package io.interpose.guest.linux.clock;

import io.interpose.guest.linux.EventSink;
import io.interpose.guest.linux.Events;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.SystemEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects the guest's wall clock jumping (someone set the time, NTP stepped it) and sends
 * {@code SYSTEM_TIME_CHANGE} (only when the sink {@link EventSink#wants wants} it).
 *
 * <p>Every interval it compares how far the wall clock moved with how far a monotonic clock moved; a
 * difference beyond the threshold is a jump, reported with the wall time expected now
 * ({@code previous_time_unix_nanos}) and the wall time read ({@code new_time_unix_nanos}). Each check
 * measures from the previous one, so gradual drift and NTP's slewing (well under the threshold per
 * interval) are never reported, and one jump is reported once. A late check (a busy scheduler, a
 * garbage-collection pause) moves both clocks alike and is no jump. With {@code System::nanoTime}
 * (which stops while the guest is suspended) a resume looks like a jump forward; {@link #bootTimeNanos()}
 * does not.
 */
public final class ClockWatch implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ClockWatch.class);

    private final EventSink sink;
    private final InstantSource wall;
    private final LongSupplier monotonicNanos;
    private final long thresholdNanos;
    private long lastWallNanos;
    private long lastMonotonicNanos;
    private ScheduledFuture<?> checking;

    private ClockWatch(EventSink sink, Duration threshold, InstantSource wall, LongSupplier monotonicNanos) {
        this.sink = sink;
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        this.thresholdNanos = threshold.toNanos();
        this.lastWallNanos = Events.unixNanos(wall.instant());
        this.lastMonotonicNanos = monotonicNanos.getAsLong();
    }

    /**
     * Takes both clocks' readings now and checks them every {@code interval} on {@code scheduler} (which
     * stays the caller's: {@link #close()} only cancels the checks).
     *
     * @param wall the wall clock ({@code InstantSource.system()} in production)
     * @param monotonicNanos a monotonic clock in nanoseconds ({@link #bootTimeNanos()} in production)
     * @throws IllegalArgumentException when {@code interval} or {@code threshold} is not positive
     */
    public static ClockWatch start(EventSink sink, ScheduledExecutorService scheduler, Duration interval,
            Duration threshold, InstantSource wall, LongSupplier monotonicNanos) {
        Objects.requireNonNull(sink, "sink");
        requirePositive(interval, "interval");
        requirePositive(threshold, "threshold");
        ClockWatch watch = new ClockWatch(sink, threshold, wall, monotonicNanos);
        long millis = Math.max(1, interval.toMillis());
        watch.checking = scheduler.scheduleWithFixedDelay(watch::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** {@code CLOCK_BOOTTIME} in nanoseconds: monotonic, and counting time suspended (Linux x86_64, aarch64). */
    public static long bootTimeNanos() {
        return BootTime.nanos();
    }

    /** Stops checking. The scheduler is left running. */
    @Override
    public void close() {
        checking.cancel(false);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("Checking the guest's clock failed", e);
        }
    }

    /** One check: compares both clocks' progress since the last check, and reports a jump. */
    synchronized void check() {
        long monotonicNow = monotonicNanos.getAsLong();
        long wallNow = Events.unixNanos(wall.instant());
        long expected = lastWallNanos + (monotonicNow - lastMonotonicNanos);
        if (Math.abs(wallNow - expected) > thresholdNanos && sink.wants(EventType.SYSTEM_TIME_CHANGE)) {
            sink.send(timeChange(expected, wallNow));
        }
        lastWallNanos = wallNow;
        lastMonotonicNanos = monotonicNow;
    }

    private static Event timeChange(long expected, long now) {
        String direction = now > expected ? "forward" : "backward";
        String reason = String.format(Locale.ROOT, "the wall clock jumped %s by %.3f s", direction, Math.abs(now - expected) / 1e9);
        return Event.newBuilder().setType(EventType.SYSTEM_TIME_CHANGE).setTimeUnixNanos(now)
                .setSystem(SystemEvent.newBuilder().setPreviousTimeUnixNanos(expected).setNewTimeUnixNanos(now)
                        .setReason(reason))
                .build();
    }


    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}

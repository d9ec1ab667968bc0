package io.interpose.guest.linux.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.guest.linux.EventSink;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.SystemEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wall clock and the monotonic clock moved by hand; the test checks by hand (the scheduled check is an hour away). */
class ClockWatchTest {

    private static final Instant START = Instant.parse("2025-06-24T10:00:00Z");

    private final AtomicReference<Instant> wall = new AtomicReference<>(START);
    private final AtomicLong monotonic = new AtomicLong(5_000_000_000L);
    private final List<Event> sent = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private ClockWatch watch;

    @AfterEach
    void tearDown() {
        watch.close();
        scheduler.shutdownNow();
    }

    private ClockWatch start(boolean wanted) {
        EventSink sink = new EventSink() {
            @Override
            public boolean wants(EventType type) {
                return wanted && type == EventType.SYSTEM_TIME_CHANGE;
            }

            @Override
            public boolean send(Event event) {
                sent.add(event);
                return true;
            }
        };
        InstantSource wallClock = wall::get;
        watch = ClockWatch.start(sink, scheduler, Duration.ofHours(1), ClockWatch.DEFAULT_THRESHOLD, wallClock, monotonic::get);
        return watch;
    }

    /** Both clocks move by {@code elapsed}; the wall clock then moves {@code step} more. */
    private void pass(Duration elapsed, Duration step) {
        monotonic.addAndGet(elapsed.toNanos());
        wall.set(wall.get().plus(elapsed).plus(step));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void aJumpForwardIsReportedWithTheExpectedAndTheNewTime() {
        start(true);

        pass(Duration.ofSeconds(1), Duration.ofHours(1));
        watch.check();

        assertThat(sent).hasSize(1);
        Event event = sent.get(0);
        Instant expected = START.plusSeconds(1);
        Instant read = expected.plus(Duration.ofHours(1));
        assertThat(event.getType()).isEqualTo(EventType.SYSTEM_TIME_CHANGE);
        assertThat(event.getTimeUnixNanos()).isEqualTo(nanos(read));
        assertThat(event.getSystem()).isEqualTo(SystemEvent.newBuilder().setPreviousTimeUnixNanos(nanos(expected))
                .setNewTimeUnixNanos(nanos(read)).setReason("the wall clock jumped forward by 3600.000 s").build());
    }

    @Test
    void aJumpBackwardIsReported() {
        start(true);

        pass(Duration.ofSeconds(1), Duration.ofMillis(-90_500));
        watch.check();

        assertThat(sent).singleElement().satisfies(event -> {
            assertThat(event.getSystem().getPreviousTimeUnixNanos()).isEqualTo(nanos(START.plusSeconds(1)));
            assertThat(event.getSystem().getNewTimeUnixNanos()).isEqualTo(nanos(START.minusMillis(89_500)));
            assertThat(event.getSystem().getReason()).isEqualTo("the wall clock jumped backward by 90.500 s");
        });
    }

    @Test
    void driftUnderTheThresholdIsNeverAJumpEvenWhenItAddsUp() {
        start(true);

        for (int i = 0; i < 100; i++) {
            pass(Duration.ofSeconds(1), Duration.ofMillis(50));
            watch.check();
        }

        assertThat(sent).isEmpty();
    }

    @Test
    void aLateCheckIsNoJumpAndAJumpIsReportedOnce() {
        start(true);

        pass(Duration.ofSeconds(45), Duration.ZERO);
        watch.check();
        assertThat(sent).isEmpty();

        pass(Duration.ofSeconds(1), Duration.ofSeconds(30));
        watch.check();
        pass(Duration.ofSeconds(1), Duration.ZERO);
        watch.check();
        assertThat(sent).hasSize(1);
    }

    @Test
    void nothingIsSentWhenTheSinkWantsNoTimeChanges() {
        start(false);

        pass(Duration.ofSeconds(1), Duration.ofHours(-2));
        watch.check();

        assertThat(sent).isEmpty();
    }

    @Test
    void bootTimeIsTheKernelsMonotonicClockPlusTimeSuspended() {
        start(true);
        long before = System.nanoTime();
        long boot = ClockWatch.bootTimeNanos();
        long later = ClockWatch.bootTimeNanos();

        assertThat(boot).isGreaterThanOrEqualTo(before).isLessThan(before + Duration.ofDays(365).toNanos());
        assertThat(later).isGreaterThanOrEqualTo(boot);
    }
}

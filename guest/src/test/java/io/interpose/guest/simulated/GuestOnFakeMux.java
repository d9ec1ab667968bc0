package io.interpose.guest.simulated;

import static org.awaitility.Awaitility.await;

import io.interpose.guest.link.Backoff;
import io.interpose.guest.link.FakeMux;
import io.interpose.guest.link.GuestLinkConfig;
import io.interpose.protocol.gi.Event;
import io.interpose.protocol.gi.EventType;
import io.interpose.protocol.gi.Interest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A simulated guest, idle (it moves only when {@link #run} steps it), connected to a {@link FakeMux} that
 * gives it {@code interest}; started once its agent-start event arrived. For the simulated-guest tests.
 */
final class GuestOnFakeMux implements AutoCloseable {

    final FakeMux mux;
    final SimulatedGuest guest;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService responders = Executors.newSingleThreadExecutor();

    /**
     * @param config the guest's link configuration for the fake MUX's socket (e.g. {@code GuestLinkConfig::linux}
     *     with a VM id and credential bound)
     */
    GuestOnFakeMux(Path dir, Interest interest, BiFunction<Path, Supplier<String>, GuestLinkConfig> config, long seed)
            throws IOException {
        mux = new FakeMux(dir.resolve("gi-guest.sock")).interest(interest).start();
        guest = new SimulatedGuest(config.apply(mux.socket(), () -> "secret")
                .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50))), 0, seed, Clock.systemUTC(), scheduler, responders);
        guest.start();
        await().until(() -> mux.eventCount(EventType.SYSTEM_AGENT_START) == 1);
    }

    /** Runs {@code operations} workload steps and waits until the fake MUX has every event and the guest every verdict. */
    void run(int operations) {
        guest.steps(operations);
        await().until(() -> mux.eventCount() == guest.link().counters().sent()
                && guest.link().counters().verdicts() == mux.events().stream().filter(Event::getAwaitsVerdict).count());
    }

    @Override
    public void close() throws IOException {
        guest.close();
        mux.stop();
        scheduler.shutdownNow();
        responders.shutdownNow();
    }
}

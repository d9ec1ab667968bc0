package io.interpose.guest.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The calling thread's timer slack on Linux ({@code /proc/<tid>/timerslack_ns}): how much later than asked
 * the kernel may end a timed wait, 50 µs by default. The load driver sleeps until each event's intended
 * time and measures latency from that time, so with the default slack every event would leave up to 50 µs
 * late and that lateness would be charged to the system under test. A thread may always set its own slack.
 */
final class TimerSlack {

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private TimerSlack() {
    }

    /** Sets the calling thread's slack; returns the previous value, or empty where there is none to set. */
    static OptionalLong set(long nanos) {
        try {
            Path file = file();
            long previous = Long.parseLong(Files.readString(file).strip());
            Files.writeString(file, Long.toString(nanos));
            return OptionalLong.of(previous);
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    /** Puts back what {@link #set} returned (on the same thread). */
    static void restore(OptionalLong previous) {
        previous.ifPresent(TimerSlack::set);
    }

    /** {@code /proc/thread-self} links to {@code <pid>/task/<tid>}; the slack file is under {@code /proc/<tid>}. */
    private static Path file() throws IOException {
        String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        return Path.of("/proc", tid, "timerslack_ns");
    }
}

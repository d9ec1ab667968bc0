package io.interpose.guest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class TimerSlackTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aThreadSetsAndRestoresItsOwnSlackWithoutTouchingOtherThreads() throws Exception {
        Path process = Path.of("/proc/self/timerslack_ns");
        String processSlack = Files.readString(process).strip();
        long[] seen = new long[2];
        OptionalLong[] previous = new OptionalLong[1];
        Thread thread = new Thread(() -> {
            previous[0] = TimerSlack.set(1_000);
            seen[0] = TimerSlack.set(2_000).orElse(-1);
            TimerSlack.restore(previous[0]);
            seen[1] = TimerSlack.set(previous[0].orElse(0)).orElse(-1);
        });
        thread.start();
        thread.join();

        assertThat(previous[0]).isPresent();
        assertThat(seen[0]).as("the slack set first").isEqualTo(1_000);
        assertThat(seen[1]).as("after restoring").isEqualTo(previous[0].getAsLong());
        assertThat(Files.readString(process).strip()).as("the main thread's slack").isEqualTo(processSlack);
    }
}

package io.interpose.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.interpose.guest.linux.Tmpfs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The thin-agent benchmark, one tiny run end to end (no timing is asserted). Needs root, as the agent does. */
class GuestBenchTest {

    @Test
    void aShortRunDecidesEveryOpenThroughTheMuxAndThenKeepsTheAllowsInTheKernel() {
        assumeTrue(Tmpfs.runningAsRoot(), "the thin agent needs root");

        String json = GuestBench.run("opens=300", "files=10", "warmup=0", "rounds=1");

        assertThat(json).startsWith("{\"benchmark\":\"guest\"").endsWith("}");
        assertThat(number(json, "last_round_asked")).as("every decided open, then each file's first kept one").isEqualTo(310);
        assertThat(number(json, "last_round_permission_events")).as("no event once kept").isEqualTo(310);
        assertThat(number(json, "last_round_defaulted")).isZero();
        assertThat(number(json, "decided_open_us")).isPositive();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> GuestBench.run("opens=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuestBench.run("files=-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuestBench.run("threads=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("opens");
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

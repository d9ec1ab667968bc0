package io.interpose.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.interpose.lab.bench.GiBench.GiBenchParameters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The GI benchmark's parameters, and one tiny run end to end (no timing is asserted). */
class GiBenchTest {

    @Test
    void parametersDefaultAndOverride() {
        assertThat(GiBenchParameters.parse()).isEqualTo(new GiBenchParameters(4, 5, 10_000, 5, 3, 1, 1));
        assertThat(GiBenchParameters.parse("guests=2", "rate=500", "rounds=1", "fork=0", "reader_callbacks=0"))
                .isEqualTo(new GiBenchParameters(2, 5, 500, 5, 1, 0, 0));
    }

    @Test
    void unknownOrMalformedParametersAreRefused() {
        assertThatThrownBy(() -> GiBenchParameters.parse("vms=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guests");
        assertThatThrownBy(() -> GiBenchParameters.parse("rate=fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GiBenchParameters.parse("seconds=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GiBenchParameters.parse("rounds=0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aShortRunAnswersEveryVerdictThroughTheMuxAndDeliversNotifications() {
        String json = GiBench.run("guests=2", "seconds=1", "warmup=0", "rate=200", "rounds=2", "fork=0");

        assertThat(json).startsWith("{\"benchmark\":\"gi\"").endsWith("}");
        assertThat(number(json, "verdicts")).as("two rounds of 200").isEqualTo(400);
        assertThat(json).containsPattern("\"verdict_p50_rounds_us\":\\[[0-9.]+,[0-9.]+\\]");
        assertThat(number(json, "verdicts_defaulted")).isZero();
        assertThat(number(json, "notifications_delivered")).isPositive();
        assertThat(number(json, "baseline_notifications_per_second")).isPositive();
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}

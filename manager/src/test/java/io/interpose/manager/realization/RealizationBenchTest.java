package io.interpose.manager.realization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a small shape and reports every figure; no timing is asserted. */
class RealizationBenchTest {
    @Test
    void printsOneJsonLineWithEveryFigure() {
        String line = RealizationBench.run("vms=300", "hosts=10", "groups=60", "policies=5", "rules=20",
                "changes=50", "runs=1", "warmups=0");

        assertThat(line).startsWith("{\"benchmark\":\"realization\",\"cores\":").endsWith("}").doesNotContain("\n")
                .contains("\"vms\":300", "\"groups\":60", "\"rules\":20", "\"full_ms_median\":",
                        "\"incremental_changes\":50", "\"incremental_ms_p99\":")
                .doesNotContain("\"protected_vms\":0,");
    }

    @Test
    void generatorIsDeterministic() {
        RealizationInputs first = new BenchInventory(7).generate(200, 5, 40, 3, 12);
        RealizationInputs second = new BenchInventory(7).generate(200, 5, 40, 3, 12);

        assertThat(first).isEqualTo(second);
        assertThat(first.groups().values()).allSatisfy(group -> assertThat(group.violations()).isEmpty());
    }

    @Test
    void refusesUnknownArguments() {
        assertThatThrownBy(() -> RealizationBench.run("hots=3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hots=3");
    }
}

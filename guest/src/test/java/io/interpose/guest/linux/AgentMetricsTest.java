package io.interpose.guest.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.guest.link.LinkCounters;
import io.interpose.guest.linux.process.ProcessEventCounters;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    private static final GuardCounters GUARD = new GuardCounters(10, 2, 8, 7, 3, 1, 0, 4, 0, 0, 0);
    private static final LinkCounters LINK = new LinkCounters(12, 8, 1, 0, 0, 0, 1);

    @Test
    void everyCounterIsAPrometheusCounterLabelledWithTheVm() {
        String text = AgentMetrics.prometheus("vm-1", GUARD, LINK, Optional.of(new ProcessEventCounters(5, 4, 0)));

        assertThat(text).contains("# TYPE interpose_guest_files_denied_total counter\n"
                + "interpose_guest_files_denied_total{vm=\"vm-1\"} 3\n");
        assertThat(text).contains("interpose_guest_link_verdicts_total{vm=\"vm-1\"} 8\n");
        assertThat(text).contains("interpose_guest_process_starts_total{vm=\"vm-1\"} 5\n");
        assertThat(text.lines().filter(l -> l.startsWith("# TYPE"))).hasSize(21);
    }

    @Test
    void aVmIdIsEscapedAsALabelValueAndNoProcessEventsMeansNoProcessCounters() {
        String text = AgentMetrics.prometheus("vm \"a\\b\"", GUARD, LINK, Optional.empty());

        assertThat(text).contains("interpose_guest_files_denied_total{vm=\"vm \\\"a\\\\b\\\"\"} 3\n");
        assertThat(text).doesNotContain("interpose_guest_process_");
    }
}

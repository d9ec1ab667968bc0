package io.interpose.host.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.control.DetectionReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectionBufferTest {

    @Test
    void whenFullDropsTheOldestAndCountsIt() {
        DetectionBuffer buffer = new DetectionBuffer(3);

        for (int i = 0; i < 5; i++) {
            buffer.add(detection(i));
        }

        assertThat(drain(buffer)).containsExactly(detection(2), detection(3), detection(4));
        assertThat(buffer.dropped()).isEqualTo(2);
    }

    @Test
    void handsOutDetectionsInArrivalOrder() {
        DetectionBuffer buffer = new DetectionBuffer(10);
        buffer.add(detection(1));
        buffer.add(detection(2));

        assertThat(drain(buffer)).containsExactly(detection(1), detection(2));
        assertThat(buffer.dropped()).isZero();
    }

    private static List<DetectionReport> drain(DetectionBuffer buffer) {
        List<DetectionReport> out = new ArrayList<>();
        for (Optional<DetectionReport> next = buffer.poll(); next.isPresent(); next = buffer.poll()) {
            out.add(next.get());
        }
        return out;
    }

    private static DetectionReport detection(int n) {
        return DetectionReport.newBuilder().setId("d-" + n).build();
    }
}

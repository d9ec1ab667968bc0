package io.interpose.guest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Property
    void aPercentileIsNeverBelowTheTrueOneAndAtMostThreePercentAbove(
            @ForAll @Size(min = 1, max = 200) long[] values, @ForAll @DoubleRange(min = 0.01, max = 1.0) double q) {
        LatencyHistogram histogram = new LatencyHistogram();
        long[] sorted = values.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = Math.abs(sorted[i] % 10_000_000_000L);
            histogram.record(sorted[i]);
        }
        Arrays.sort(sorted);
        long exact = sorted[(int) Math.max(0, Math.ceil(q * sorted.length) - 1)];

        long reported = histogram.percentile(q);

        assertThat(reported).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact + exact / 32 + 1);
    }

    @Property
    void everyValueFallsInABucketWhoseUpperBoundHoldsIt(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        int index = LatencyHistogram.index(value);

        assertThat(LatencyHistogram.upperBound(index)).isGreaterThanOrEqualTo(value);
        assertThat(index == 0 || LatencyHistogram.upperBound(index - 1) < value).isTrue();
    }

    @Test
    void anEmptyHistogramReportsZeroAndMaxIsExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentile(0.99)).isZero();

        histogram.record(123_456);
        histogram.record(-5);

        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.max()).isEqualTo(123_456);
        assertThat(histogram.percentile(1.0)).isEqualTo(123_456);
        assertThat(histogram.percentile(0.5)).isZero();
    }
}

package io.interpose.guest.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small log-linear histogram of durations in nanoseconds: exact below 64 ns, then 32 buckets per power of
 * two, so a reported percentile is within about 3% above the true one. Thread-safe and allocation-free on
 * {@link #record}; negative values count as 0.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB;
    private static final int BUCKETS = LINEAR + (63 - SUB_BITS - 1) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(index(value));
        count.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    public long count() {
        return count.get();
    }

    public long max() {
        return max.get();
    }

    /**
     * The smallest recorded bucket's upper bound below which a fraction {@code q} (0 to 1) of the values lie,
     * never more than {@link #max()}; 0 when empty.
     */
    public long percentile(double q) {
        long total = count.get();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(Math.min(1, Math.max(0, q)) * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        int sub = (int) (value >>> shift) - SUB;
        return LINEAR + (exponent - SUB_BITS - 1) * SUB + sub;
    }

    static long upperBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB + SUB_BITS + 1;
        int sub = (index - LINEAR) % SUB;
        int shift = exponent - SUB_BITS;
        return (((long) (SUB + sub + 1)) << shift) - 1;
    }
}

package io.interpose.lab.bench;

import io.interpose.guest.load.VerdictResult;
import io.interpose.lab.bench.GiBench.VerdictRound;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One rig's verdict rounds. The bench alternates the rigs round by round, so that a noisy spell of the
 * machine falls on both; it reports the median round of each figure, and the median of the per-round
 * ratios between the MUX and the baseline (each ratio taken from two rounds that ran back to back).
 */
record VerdictRounds(List<VerdictRound> rounds) {

    VerdictRounds {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("at least one round");
        }
        rounds = List.copyOf(rounds);
    }

    static VerdictRounds of(List<VerdictRound> rounds) {
        return new VerdictRounds(rounds);
    }

    /** The median over the rounds (the mean of the middle two for an even count). */
    double median(ToDoubleFunction<VerdictResult> figure) {
        return medianOf(rounds.stream().mapToDouble(r -> figure.applyAsDouble(r.verdicts())).sorted().toArray());
    }

    double max(ToDoubleFunction<VerdictResult> figure) {
        return rounds.stream().mapToDouble(r -> figure.applyAsDouble(r.verdicts())).max().orElseThrow();
    }

    long sum(ToDoubleFunction<VerdictResult> figure) {
        return (long) rounds.stream().mapToDouble(r -> figure.applyAsDouble(r.verdicts())).sum();
    }

    long gcCount() {
        return rounds.stream().mapToLong(r -> r.window().gcCountDelta()).sum();
    }

    long gcMillis() {
        return rounds.stream().mapToLong(r -> r.window().gcMillisDelta()).sum();
    }

    /** The figure of each round, in order, as a JSON array. */
    String each(ToDoubleFunction<VerdictResult> figure) {
        return rounds.stream().map(r -> String.format(Locale.ROOT, "%.1f", figure.applyAsDouble(r.verdicts())))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The median over the rounds of this rig's figure divided by {@code other}'s in the same round. */
    double medianRatio(VerdictRounds other, ToDoubleFunction<VerdictResult> figure) {
        int n = Math.min(rounds.size(), other.rounds.size());
        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            double theirs = figure.applyAsDouble(other.rounds.get(i).verdicts());
            ratios[i] = theirs == 0 ? -1 : figure.applyAsDouble(rounds.get(i).verdicts()) / theirs;
        }
        Arrays.sort(ratios);
        return medianOf(ratios);
    }

    private static double medianOf(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

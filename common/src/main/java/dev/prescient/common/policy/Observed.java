package dev.prescient.common.policy;

import java.util.List;

/**
 * Demand already observed, as a guard beside the forecast. {@link ObservedDemand} builds it from a demand history the
 * same way for the actuator, the backtest and the trainer.
 *
 * @param lastRate the newest observed demand; NaN when unknown
 * @param sameWindowPeaks the observed peak demand over the sizing window one day earlier, two days earlier, …
 *     (first entry = yesterday); NaN entries are unknown
 * @param recentLevel mean demand over the policy's {@code memoryLevelWindow} just before now; NaN when unknown
 * @param sameTimeLevels mean demand over the same clock minutes one day earlier, two days earlier, … (aligned with
 *     {@code sameWindowPeaks}); NaN entries, or a missing entry, are unknown
 * @param historyPeak the highest demand in the observed history; NaN when unknown
 */
public record Observed(double lastRate, List<Double> sameWindowPeaks, double recentLevel,
                       List<Double> sameTimeLevels, double historyPeak) {

    public Observed {
        sameWindowPeaks = List.copyOf(sameWindowPeaks);
        sameTimeLevels = List.copyOf(sameTimeLevels);
    }

    /** The newest rate and the remembered peaks, without levels or history peak: remembered peaks count as observed. */
    public Observed(double lastRate, List<Double> sameWindowPeaks) {
        this(lastRate, sameWindowPeaks, Double.NaN, List.of(), Double.NaN);
    }

    /** Nothing observed: the policy sizes from the forecast alone. */
    public static Observed none() {
        return new Observed(Double.NaN, List.of());
    }

    /**
     * How much of the peak remembered from {@code day} days ago counts today: today's recent level over that day's
     * level at the same clock time, at most 1 (a remembered burst counts less when today runs quieter, never more: a
     * busier today is the forecast's to see); 1 when either level is unknown or that day's is zero.
     */
    public double levelScale(int day) {
        if (day < 1 || day > sameTimeLevels.size()) {
            return 1;
        }
        double then = sameTimeLevels.get(day - 1);
        if (Double.isNaN(recentLevel) || Double.isNaN(then) || then <= 0) {
            return 1;
        }
        return Math.min(1, recentLevel / then);
    }

    /** The highest remembered peak over the first {@code days} days, each scaled to today's level; NaN when none. */
    public double remembered(int days) {
        double best = Double.NaN;
        for (int d = 1; d <= Math.min(days, sameWindowPeaks.size()); d++) {
            double v = sameWindowPeaks.get(d - 1) * levelScale(d);
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
            }
        }
        return best;
    }
}

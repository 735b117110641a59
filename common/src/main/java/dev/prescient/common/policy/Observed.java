package dev.prescient.common.policy;

import dev.prescient.common.policy.burst.BurstCover;

import java.util.List;

/**
 * Demand the actuator has already observed, as a guard beside the forecast. {@link ObservedDemand} builds it
 * from a demand history the same way for the actuator and the backtest.
 *
 * @param lastRate the newest observed demand (the predictor's {@code historyUntil} value or the metric itself);
 *     NaN when unknown
 * @param sameWindowPeaks the observed peak demand over the sizing window one day earlier, two days earlier, …
 *     (first entry = yesterday); NaN entries are unknown
 * @param recentLevel mean demand over the policy's {@code memoryLevelWindow} just before now; NaN when unknown
 * @param sameTimeLevels mean demand over the same clock minutes one day earlier, two days earlier, … (aligned
 *     with {@code sameWindowPeaks}); NaN entries, or a missing entry, are unknown
 * @param bursts possible onsets of recurring bursts near now (empty when the cover is off or none is near)
 * @param sameTimeLastRates the demand of the step before now one day earlier, two days earlier, … (aligned with
 *     {@code sameWindowPeaks}); NaN entries, or a missing entry, are unknown
 */
public record Observed(double lastRate, List<Double> sameWindowPeaks, double recentLevel,
                       List<Double> sameTimeLevels, List<BurstCover> bursts, List<Double> sameTimeLastRates) {

    /** A remembered peak is scaled up by at most this much when today runs busier than that day did. */
    public static final double MAX_LEVEL_SCALE = 2;

    public Observed {
        sameWindowPeaks = List.copyOf(sameWindowPeaks);
        sameTimeLevels = List.copyOf(sameTimeLevels);
        bursts = List.copyOf(bursts);
        sameTimeLastRates = List.copyOf(sameTimeLastRates);
    }

    /** Observed demand without recurring-burst onsets. */
    public Observed(double lastRate, List<Double> sameWindowPeaks, double recentLevel, List<Double> sameTimeLevels) {
        this(lastRate, sameWindowPeaks, recentLevel, sameTimeLevels, List.of(), List.of());
    }

    /** This observation with the given recurring-burst onsets. */
    public Observed withBursts(List<BurstCover> onsets) {
        return new Observed(lastRate, sameWindowPeaks, recentLevel, sameTimeLevels, onsets, sameTimeLastRates);
    }

    /** This observation with the given rates of the step before now on earlier days. */
    public Observed withSameTimeLastRates(List<Double> rates) {
        return new Observed(lastRate, sameWindowPeaks, recentLevel, sameTimeLevels, bursts, rates);
    }

    /**
     * Whether the burst remembered from {@code day} days ago is already over for today: on that day the demand had
     * risen above {@code ratio} × its level by the step before now, today it has not, and the remembered peak is such
     * a burst. Unknown figures never rule a day out.
     */
    public boolean burstDidNotRecur(int day, double ratio) {
        if (day < 1 || day > sameTimeLevels.size() || day > sameTimeLastRates.size()) {
            return false;
        }
        double then = sameTimeLevels.get(day - 1);
        double thenLast = sameTimeLastRates.get(day - 1);
        double peak = sameWindowPeaks.get(day - 1);
        if (!(then > 0) || !(recentLevel > 0) || Double.isNaN(thenLast) || Double.isNaN(lastRate)
                || Double.isNaN(peak)) {
            return false;
        }
        return peak > ratio * then && thenLast > ratio * then && lastRate < ratio * recentLevel;
    }

    /** The newest rate and the remembered peaks, without levels: remembered peaks count as observed. */
    public Observed(double lastRate, List<Double> sameWindowPeaks) {
        this(lastRate, sameWindowPeaks, Double.NaN, List.of());
    }

    /** Nothing observed: the policy sizes from the forecast alone. */
    public static Observed none() {
        return new Observed(Double.NaN, List.of());
    }

    /**
     * How much of the peak remembered from {@code day} days ago counts today: today's recent level over that
     * day's level at the same clock time, at most 1; 1 when either level is unknown or that day's is zero.
     */
    public double levelScale(int day) {
        if (day < 1 || day > sameTimeLevels.size()) {
            return 1;
        }
        double then = sameTimeLevels.get(day - 1);
        if (Double.isNaN(recentLevel) || Double.isNaN(then) || then <= 0) {
            return 1;
        }
        return Math.min(MAX_LEVEL_SCALE, recentLevel / then);
    }
}

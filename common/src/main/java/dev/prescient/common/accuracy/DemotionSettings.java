package dev.prescient.common.accuracy;

import java.time.Duration;
import java.util.Objects;

/**
 * When a workload's forecasts are demoted and when they are trusted again.
 *
 * @param maxMase the judged window's MASE above this demotes
 * @param minP90Coverage the judged window's p90 coverage (0..1) below this demotes
 * @param window the window judged: 24h or 1h
 * @param minScoredFraction a window is judged only once its points cover at least this share of it
 *     ({@code points × step ≥ fraction × window}); before that nothing changes
 * @param recoverAfter a demoted workload is re-enabled once its accuracy has been within both limits at every
 *     judgement for this long
 */
public record DemotionSettings(double maxMase, double minP90Coverage, Duration window, double minScoredFraction,
                               Duration recoverAfter) {

    public static final double DEFAULT_MAX_MASE = 1.2;
    public static final double DEFAULT_MIN_P90_COVERAGE = 0.70;
    public static final double DEFAULT_MIN_SCORED_FRACTION = 0.25;
    public static final Duration DEFAULT_RECOVER_AFTER = Duration.ofHours(2);

    public DemotionSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(recoverAfter, "recoverAfter");
        if (!(maxMase > 0) || Double.isInfinite(maxMase)) {
            throw new IllegalArgumentException("demotion maxMase must be a positive number, got " + maxMase);
        }
        if (!(minP90Coverage >= 0 && minP90Coverage <= 1)) {
            throw new IllegalArgumentException("demotion minP90Coverage must lie in [0, 1], got " + minP90Coverage);
        }
        if (!window.equals(AccuracySnapshot.DAY) && !window.equals(AccuracySnapshot.HOUR)) {
            throw new IllegalArgumentException("demotion window must be 24h or 1h, got "
                    + AccuracySnapshot.Window.format(window));
        }
        if (!(minScoredFraction > 0 && minScoredFraction <= 1)) {
            throw new IllegalArgumentException("demotion minScoredFraction must lie in (0, 1], got "
                    + minScoredFraction);
        }
        if (recoverAfter.isNegative()) {
            throw new IllegalArgumentException("demotion recoverAfter must not be negative, got " + recoverAfter);
        }
    }

    /** MASE above 1.2 or p90 coverage below 0.70 over the last 24 h (once 6 h are scored); back after 2 h good. */
    public static DemotionSettings defaults() {
        return new DemotionSettings(DEFAULT_MAX_MASE, DEFAULT_MIN_P90_COVERAGE, AccuracySnapshot.DAY,
                DEFAULT_MIN_SCORED_FRACTION, DEFAULT_RECOVER_AFTER);
    }

    /** These settings with other limits. */
    public DemotionSettings withLimits(double mase, double p90Coverage) {
        return new DemotionSettings(mase, p90Coverage, window, minScoredFraction, recoverAfter);
    }

    /** These settings judging another window (24h or 1h). */
    public DemotionSettings withWindow(Duration length) {
        return new DemotionSettings(maxMase, minP90Coverage, length, minScoredFraction, recoverAfter);
    }

    /** These settings with another recovery time. */
    public DemotionSettings withRecoverAfter(Duration time) {
        return new DemotionSettings(maxMase, minP90Coverage, window, minScoredFraction, time);
    }
}

package dev.prescient.common.policy.burst;

import java.time.Duration;

/**
 * Tunables of the recurring-burst cover: short bursts that start at the same minutes of the hour (cron jobs,
 * batch uploads, sampling artefacts) but not every hour, too short for reactive scaling to catch after its
 * start-up delay and too irregular for a forecast's quantile to carry.
 *
 * @param confirmRatio a step counts as bursting when its demand exceeds this multiple of the level before it
 * @param heightQuantile the cover sizes for this quantile of the peak-over-level ratios of past bursts at the
 *     same minute of the hour
 * @param hold how long after an expected onset the cover lasts once the burst is confirmed; after that the
 *     reactive scaling (the HPA in hpa-floor mode) carries it
 * @param costWeight a possible onset is covered when {@code p / (1 - p) >= costWeight × extra pods}: the cheaper
 *     the cover, the less likely the burst needs to be (0 covers every onset the model gives a chance)
 * @param history how much history the model learns from (and is refitted on every day)
 */
public record BurstSettings(double confirmRatio, double heightQuantile, Duration hold, double costWeight,
                            Duration history) {

    public static final double DEFAULT_COST_WEIGHT = 0.005;

    public BurstSettings {
        if (!(confirmRatio > 1)) {
            throw new IllegalArgumentException("burst confirmRatio must be above 1, got " + confirmRatio);
        }
        if (!(heightQuantile > 0 && heightQuantile <= 1)) {
            throw new IllegalArgumentException("burst heightQuantile must be in (0, 1], got " + heightQuantile);
        }
        if (hold.isNegative() || hold.isZero()) {
            throw new IllegalArgumentException("burst hold must be positive, got " + hold);
        }
        if (!(costWeight >= 0)) {
            throw new IllegalArgumentException("burst costWeight must not be negative, got " + costWeight);
        }
        if (history.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("burst history must be at least one day, got " + history);
        }
    }

    /** A step above 1.5 × the level bursts; cover at the 0.9 height quantile for 3 minutes; 3 days learnt. */
    public static BurstSettings defaults() {
        return new BurstSettings(1.5, 0.9, Duration.ofMinutes(3), DEFAULT_COST_WEIGHT, Duration.ofDays(3));
    }

    /** These settings with another cost weight. */
    public BurstSettings withCostWeight(double weight) {
        return new BurstSettings(confirmRatio, heightQuantile, hold, weight, history);
    }
}

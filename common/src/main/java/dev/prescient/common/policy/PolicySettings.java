package dev.prescient.common.policy;

import java.time.Duration;

/**
 * The actuator's settings of the scaling policy: how often it decides and how fast it may move. How much a workload
 * needs is not here: that is the {@link Sizing} learnt per workload. The defaults follow the Kubernetes HPA's own
 * (a 5-minute scale-down stabilisation, no scale-down step limit, scale-up by at most max(100 %, 4 pods) per decision),
 * so the backtest, which uses exactly these, measures what the actuator runs.
 *
 * @param decisionInterval time between two decisions (the actuator's loop period)
 * @param scaleDownStabilization a scale-down goes only to the highest recommendation within this window
 * @param maxScaleDownStep most replicas removed by one decision ({@link Integer#MAX_VALUE} = no limit)
 * @param scaleUpMaxPercent one decision raises at most to current × (1 + this / 100) ...
 * @param scaleUpMaxPods ... or to current + this, whichever is higher
 * @param maxForecastAge a forecast generated longer ago than this is stale and makes the policy hold
 * @param holdOnFallback whether a forecast from a fallback forecaster makes the policy hold
 * @param memoryLevelWindow the window over which today's level is compared with a remembered day's, to scale that
 *     day's peak down when today runs quieter
 * @param maxForecastRatio a forecast whose peak exceeds this multiple of the highest demand in the observed history is
 *     implausible: the policy holds
 */
public record PolicySettings(Duration decisionInterval, Duration scaleDownStabilization, int maxScaleDownStep,
                             int scaleUpMaxPercent, int scaleUpMaxPods, Duration maxForecastAge,
                             boolean holdOnFallback, Duration memoryLevelWindow, double maxForecastRatio) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    public PolicySettings {
        if (decisionInterval.isZero() || decisionInterval.isNegative()) {
            throw new IllegalArgumentException("policy decisionInterval must be positive, got " + decisionInterval);
        }
        if (scaleDownStabilization.isNegative()) {
            throw new IllegalArgumentException("policy scaleDownStabilization must not be negative, got "
                    + scaleDownStabilization);
        }
        if (maxScaleDownStep < 1) {
            throw new IllegalArgumentException("policy maxScaleDownStep must be at least 1, got " + maxScaleDownStep);
        }
        if (scaleUpMaxPercent < 0 || scaleUpMaxPods < 1) {
            throw new IllegalArgumentException("policy scale-up limit must be >= 0 % and >= 1 pod, got "
                    + scaleUpMaxPercent + " % and " + scaleUpMaxPods + " pods");
        }
        if (maxForecastAge.isZero() || maxForecastAge.isNegative()) {
            throw new IllegalArgumentException("policy maxForecastAge must be positive, got " + maxForecastAge);
        }
        if (memoryLevelWindow.isNegative()) {
            throw new IllegalArgumentException("policy memoryLevelWindow must not be negative, got "
                    + memoryLevelWindow);
        }
        if (!(maxForecastRatio > 1)) {
            throw new IllegalArgumentException("policy maxForecastRatio must be > 1, got " + maxForecastRatio);
        }
    }

    /**
     * The shipped defaults: decide every 5 minutes; scale down to the highest recommendation of the last 5 minutes
     * with no step limit; scale up by at most max(100 %, 4 pods) per decision; a forecast older than two intervals is
     * stale; a fallback forecast holds; today's level over 5 minutes scales remembered peaks; a forecast peak above 3×
     * the highest demand seen is implausible.
     */
    public static PolicySettings defaults() {
        return new PolicySettings(DEFAULT_INTERVAL, Duration.ofMinutes(5), Integer.MAX_VALUE, 100, 4,
                DEFAULT_INTERVAL.multipliedBy(2), true, Duration.ofMinutes(5), 3.0);
    }

    /** These settings deciding at another interval (a forecast stays fresh for two of them, at least 10 minutes). */
    public PolicySettings withDecisionInterval(Duration interval) {
        Duration age = interval.multipliedBy(2).compareTo(Duration.ofMinutes(10)) > 0 ? interval.multipliedBy(2)
                : Duration.ofMinutes(10);
        return new PolicySettings(interval, scaleDownStabilization, maxScaleDownStep, scaleUpMaxPercent,
                scaleUpMaxPods, age, holdOnFallback, memoryLevelWindow, maxForecastRatio);
    }

    /** These settings with another scale-down stabilisation window. */
    public PolicySettings withScaleDownStabilization(Duration window) {
        return new PolicySettings(decisionInterval, window, maxScaleDownStep, scaleUpMaxPercent, scaleUpMaxPods,
                maxForecastAge, holdOnFallback, memoryLevelWindow, maxForecastRatio);
    }

    /** These settings removing at most {@code step} replicas per decision. */
    public PolicySettings withMaxScaleDownStep(int step) {
        return new PolicySettings(decisionInterval, scaleDownStabilization, step, scaleUpMaxPercent, scaleUpMaxPods,
                maxForecastAge, holdOnFallback, memoryLevelWindow, maxForecastRatio);
    }

    /** The most replicas one decision may ask for, from {@code current} ready or requested. */
    public int scaleUpLimit(int current) {
        long byPercent = (long) Math.floor(current * (1 + scaleUpMaxPercent / 100.0));
        return (int) Math.min(Integer.MAX_VALUE, Math.max(byPercent, (long) current + scaleUpMaxPods));
    }
}

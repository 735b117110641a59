package dev.prescient.common.policy;

import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Tunables of the scaling policy.
 *
 * @param quantile which forecast quantile sizes the workload: 0.5 or 0.9
 * @param decisionInterval time between two decisions (the actuator's loop period)
 * @param scaleDownStabilization a scale-down goes only to the highest recommendation within this window
 * @param maxScaleDownStep most replicas removed by one decision (at least 1)
 * @param maxForecastAge a forecast generated longer ago than this is stale and makes the policy hold
 * @param holdOnFallback whether a forecast from a fallback forecaster makes the policy hold
 * @param seasonalMemoryDays the sizing never goes below the demand observed over the same window on each of
 *     this many previous days (0 = forecast only)
 * @param memoryLevelWindow when positive, a remembered day's peak is scaled by how much quieter (or busier) the demand
 *     over this window before now runs than over the same clock minutes of that day (a burst that came after a
 *     busier hour than today's counts less, one after a quieter hour more, at most twice); zero keeps remembered peaks as observed
 * @param bursts when present, the sizing also covers the onsets of recurring bursts that a
 *     {@link dev.prescient.common.policy.burst.RecurringBurstModel} finds likely enough for their cost; empty = off
 */
public record PolicySettings(double quantile, Duration decisionInterval, Duration scaleDownStabilization,
                             int maxScaleDownStep, Duration maxForecastAge, boolean holdOnFallback,
                             int seasonalMemoryDays, Duration memoryLevelWindow, Optional<BurstSettings> bursts) {

    public PolicySettings {
        Objects.requireNonNull(bursts, "bursts");
        if (quantile != 0.5 && quantile != 0.9) {
            throw new IllegalArgumentException("policy quantile must be 0.5 or 0.9, got " + quantile);
        }
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
        if (maxForecastAge.isZero() || maxForecastAge.isNegative()) {
            throw new IllegalArgumentException("policy maxForecastAge must be positive, got " + maxForecastAge);
        }
        if (seasonalMemoryDays < 0) {
            throw new IllegalArgumentException("policy seasonalMemoryDays must not be negative, got "
                    + seasonalMemoryDays);
        }
        if (memoryLevelWindow.isNegative()) {
            throw new IllegalArgumentException("policy memoryLevelWindow must not be negative, got "
                    + memoryLevelWindow);
        }
    }

    /** Settings without the recurring-burst cover. */
    public PolicySettings(double quantile, Duration decisionInterval, Duration scaleDownStabilization,
                          int maxScaleDownStep, Duration maxForecastAge, boolean holdOnFallback,
                          int seasonalMemoryDays, Duration memoryLevelWindow) {
        this(quantile, decisionInterval, scaleDownStabilization, maxScaleDownStep, maxForecastAge, holdOnFallback,
                seasonalMemoryDays, memoryLevelWindow, Optional.empty());
    }

    /** Settings whose remembered peaks count as observed (no level window). */
    public PolicySettings(double quantile, Duration decisionInterval, Duration scaleDownStabilization,
                          int maxScaleDownStep, Duration maxForecastAge, boolean holdOnFallback,
                          int seasonalMemoryDays) {
        this(quantile, decisionInterval, scaleDownStabilization, maxScaleDownStep, maxForecastAge, holdOnFallback,
                seasonalMemoryDays, Duration.ZERO);
    }

    /**
     * p90 sizing, 5-minute decisions, 10-minute stabilisation, at most 5 pods down per decision, stale after
     * 2 intervals, never below the same window's observed peak on the last 3 days.
     */
    public static PolicySettings defaults() {
        return new PolicySettings(0.9, Duration.ofMinutes(5), Duration.ofMinutes(10), 5, Duration.ofMinutes(10), true,
                3);
    }

    /** Whether remembered peaks are scaled to today's level ({@code memoryLevelWindow} is not zero). */
    public boolean scalesMemoryToLevel() {
        return !memoryLevelWindow.isZero();
    }

    /** These settings with another scale-down stabilisation window. */
    public PolicySettings withScaleDownStabilization(Duration window) {
        return new PolicySettings(quantile, decisionInterval, window, maxScaleDownStep, maxForecastAge, holdOnFallback,
                seasonalMemoryDays, memoryLevelWindow, bursts);
    }

    /** These settings sizing from another quantile (0.5 or 0.9). */
    public PolicySettings withQuantile(double q) {
        return new PolicySettings(q, decisionInterval, scaleDownStabilization, maxScaleDownStep, maxForecastAge,
                holdOnFallback, seasonalMemoryDays, memoryLevelWindow, bursts);
    }

    /** These settings with another seasonal memory: days remembered and the window that scales them to today. */
    public PolicySettings withSeasonalMemory(int days, Duration levelWindow) {
        return new PolicySettings(quantile, decisionInterval, scaleDownStabilization, maxScaleDownStep, maxForecastAge,
                holdOnFallback, days, levelWindow, bursts);
    }

    /** These settings with the recurring-burst cover on (present) or off (empty). */
    public PolicySettings withBursts(Optional<BurstSettings> settings) {
        return new PolicySettings(quantile, decisionInterval, scaleDownStabilization, maxScaleDownStep, maxForecastAge,
                holdOnFallback, seasonalMemoryDays, memoryLevelWindow, settings);
    }

    /** These settings deciding at another interval. */
    public PolicySettings withDecisionInterval(Duration interval) {
        return new PolicySettings(quantile, interval, scaleDownStabilization, maxScaleDownStep, maxForecastAge,
                holdOnFallback, seasonalMemoryDays, memoryLevelWindow, bursts);
    }
}

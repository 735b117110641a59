package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The prescient policy as a user would deploy it.
 *
 * @param forecaster forecaster type that feeds the policy (lstm in production)
 * @param mode hpa-floor (the policy sets the floor of a reactive HPA) or replicas
 * @param quantile forecast quantile the policy sizes from: 0.5 or 0.9
 * @param targetUtilization the workload's targetUtilization: share of a pod's capacity the policy plans for
 * @param hpaTarget utilisation target of the HPA under the floor (hpa-floor mode)
 * @param hpaScaleDownWindowMinutes the HPA's scale-down stabilisation: it scales down to the highest of its
 *     recommendations over this many minutes (hpa-floor mode; the scenario's own HPA uses 5)
 * @param maxScaleDownStep most pods one decision removes
 * @param scaleDownStabilization the policy's scale-down stabilisation window
 * @param seasonalMemoryDays past days whose same-window demand the sizing never goes below
 * @param memoryLevelWindow window that scales a remembered peak to today's level (zero = as observed)
 * @param demotion how the forecasts are demoted for poor accuracy, as the actuator does; empty = never
 * @param decisionIntervalMinutes minutes between two decisions of the policy (the actuator's interval); between
 *     the 5-minute forecast origins the policy uses the newest forecast, as the actuator does with the predictor's
 * @param bursts the recurring-burst cover (learnt from the previous 3 days, refitted every 24 h); empty = off
 */
public record PrescientSetup(String forecaster, ScalingMode mode, double quantile, double targetUtilization,
                             double hpaTarget, int hpaScaleDownWindowMinutes, int maxScaleDownStep,
                             Duration scaleDownStabilization, int seasonalMemoryDays, Duration memoryLevelWindow,
                             Optional<DemotionSettings> demotion, int decisionIntervalMinutes,
                             Optional<BurstSettings> bursts) {

    public static final double RECOMMENDED_QUANTILE = 0.5;
    public static final double RECOMMENDED_TARGET_UTILIZATION = 0.95;
    public static final double RECOMMENDED_HPA_TARGET = 0.85;
    public static final int RECOMMENDED_HPA_SCALE_DOWN_WINDOW_MINUTES = 1;
    public static final int RECOMMENDED_SEASONAL_MEMORY_DAYS = 3;
    public static final int RECOMMENDED_MEMORY_LEVEL_MINUTES = 5;
    public static final int RECOMMENDED_DECISION_INTERVAL_MINUTES = 1;

    public PrescientSetup {
        Objects.requireNonNull(demotion, "demotion");
        Objects.requireNonNull(bursts, "bursts");
        if (decisionIntervalMinutes < 1) {
            throw new IllegalArgumentException("decision interval must be at least 1 minute, got "
                    + decisionIntervalMinutes);
        }
        if (quantile != 0.5 && quantile != 0.9) {
            throw new IllegalArgumentException("prescient quantile must be 0.5 or 0.9, got " + quantile);
        }
        if (seasonalMemoryDays < 0) {
            throw new IllegalArgumentException("seasonal memory must be 0 or more days, got " + seasonalMemoryDays);
        }
        if (memoryLevelWindow.isNegative()) {
            throw new IllegalArgumentException("memory level window must not be negative, got " + memoryLevelWindow);
        }
        if (hpaScaleDownWindowMinutes < 1) {
            throw new IllegalArgumentException("HPA scale-down window must be at least 1 minute, got "
                    + hpaScaleDownWindowMinutes);
        }
    }

    /**
     * A setup that demotes with the actuator's default settings, decides every minute and covers recurring bursts
     * with the default burst settings.
     */
    public PrescientSetup(String forecaster, ScalingMode mode, double quantile, double targetUtilization,
                          double hpaTarget, int hpaScaleDownWindowMinutes, int maxScaleDownStep,
                          Duration scaleDownStabilization, int seasonalMemoryDays, Duration memoryLevelWindow) {
        this(forecaster, mode, quantile, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes, maxScaleDownStep,
                scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, Optional.of(DemotionSettings.defaults()),
                RECOMMENDED_DECISION_INTERVAL_MINUTES, Optional.of(BurstSettings.defaults()));
    }

    /**
     * What we recommend to users; the backtest's default. The floor plans for the forecast median at 95 % of a
     * pod's capacity, but no less than the same window's peak on each of the last 3 days, scaled down when the
     * last 5 minutes run quieter than they did that day; it drops as soon as the forecast and the newest rate
     * allow. The HPA under it reacts at 0.85 and, as the floor holds the forecast level, scales down at once
     * (a 1-minute window). Of the settings measured on the Twitter trace (see trainer/README.md), this one comes
     * closest to the acceptance line while staying under cost 1.40 at D = 3. Demotion is on with the
     * actuator's defaults.
     */
    public static PrescientSetup recommended() {
        return recommended("lstm", ScalingMode.HPA_FLOOR, RECOMMENDED_TARGET_UTILIZATION, RECOMMENDED_HPA_TARGET);
    }

    /** The recommended policy settings with the given forecaster, mode and utilisation targets. */
    public static PrescientSetup recommended(String forecaster, ScalingMode mode, double targetUtilization,
                                             double hpaTarget) {
        return new PrescientSetup(forecaster, mode, RECOMMENDED_QUANTILE, targetUtilization, hpaTarget,
                RECOMMENDED_HPA_SCALE_DOWN_WINDOW_MINUTES, 100, Duration.ZERO, RECOMMENDED_SEASONAL_MEMORY_DAYS,
                Duration.ofMinutes(RECOMMENDED_MEMORY_LEVEL_MINUTES));
    }

    /** This setup sizing from another quantile. */
    public PrescientSetup withQuantile(double q) {
        return new PrescientSetup(forecaster, mode, q, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes,
                maxScaleDownStep, scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, demotion,
                decisionIntervalMinutes, bursts);
    }

    /** This setup with another HPA scale-down window. */
    public PrescientSetup withHpaScaleDownWindow(int minutes) {
        return new PrescientSetup(forecaster, mode, quantile, targetUtilization, hpaTarget, minutes,
                maxScaleDownStep, scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, demotion,
                decisionIntervalMinutes, bursts);
    }

    /** This setup with another seasonal memory. */
    public PrescientSetup withSeasonalMemory(int days, Duration levelWindow) {
        return new PrescientSetup(forecaster, mode, quantile, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes,
                maxScaleDownStep, scaleDownStabilization, days, levelWindow, demotion, decisionIntervalMinutes, bursts);
    }

    /** This setup with other demotion settings; empty = the forecasts are never demoted. */
    public PrescientSetup withDemotion(Optional<DemotionSettings> settings) {
        return new PrescientSetup(forecaster, mode, quantile, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes,
                maxScaleDownStep, scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, settings,
                decisionIntervalMinutes, bursts);
    }

    /** This setup with the recurring-burst cover on (present) or off (empty). */
    public PrescientSetup withBursts(Optional<BurstSettings> settings) {
        return new PrescientSetup(forecaster, mode, quantile, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes,
                maxScaleDownStep, scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, demotion,
                decisionIntervalMinutes, settings);
    }

    /** This setup deciding every {@code minutes}. */
    public PrescientSetup withDecisionInterval(int minutes) {
        return new PrescientSetup(forecaster, mode, quantile, targetUtilization, hpaTarget, hpaScaleDownWindowMinutes,
                maxScaleDownStep, scaleDownStabilization, seasonalMemoryDays, memoryLevelWindow, demotion, minutes,
                bursts);
    }
}

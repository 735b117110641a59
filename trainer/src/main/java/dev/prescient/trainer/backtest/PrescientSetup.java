package dev.prescient.trainer.backtest;

import dev.prescient.common.model.ScalingMode;

import java.time.Duration;

/**
 * The prescient policy as a user would deploy it.
 *
 * @param forecaster forecaster type that feeds the policy (lstm in production)
 * @param mode hpa-floor (the policy sets the floor of a reactive HPA) or replicas
 * @param targetUtilization the workload's targetUtilization: share of a pod's capacity the policy plans for
 * @param hpaTarget utilisation target of the HPA under the floor (hpa-floor mode)
 * @param maxScaleDownStep most pods one decision removes
 * @param scaleDownStabilization the policy's scale-down stabilisation window
 * @param seasonalMemoryDays past days whose same-window demand the sizing never goes below
 */
public record PrescientSetup(String forecaster, ScalingMode mode, double targetUtilization, double hpaTarget,
                             int maxScaleDownStep, Duration scaleDownStabilization, int seasonalMemoryDays) {

    public static final double RECOMMENDED_TARGET_UTILIZATION = 1.0;
    public static final double RECOMMENDED_HPA_TARGET = 0.8;

    /**
     * What we recommend to users; the backtest's default. The floor plans for the full pod capacity but no
     * less than the last 3 days saw in the same window, and drops as soon as the forecast and the newest
     * rate allow (the HPA under it keeps its own 5-minute scale-down window and reacts at 0.8).
     */
    public static PrescientSetup recommended() {
        return recommended("lstm", ScalingMode.HPA_FLOOR, RECOMMENDED_TARGET_UTILIZATION, RECOMMENDED_HPA_TARGET);
    }

    /** The recommended policy settings with the given forecaster, mode and utilisation targets. */
    public static PrescientSetup recommended(String forecaster, ScalingMode mode, double targetUtilization,
                                             double hpaTarget) {
        return new PrescientSetup(forecaster, mode, targetUtilization, hpaTarget, 100, Duration.ZERO, 3);
    }
}

package dev.prescient.trainer.backtest;

import dev.prescient.common.model.ScalingMode;

/**
 * The prescient policy as a user would deploy it.
 *
 * @param forecaster forecaster type that feeds the policy (lstm in production)
 * @param mode hpa-floor (the policy sets the floor of a reactive HPA) or replicas
 * @param targetUtilization the workload's targetUtilization: share of a pod's capacity the policy plans for
 * @param hpaTarget utilisation target of the HPA under the floor (hpa-floor mode)
 * @param maxScaleDownStep most pods one decision removes
 */
public record PrescientSetup(String forecaster, ScalingMode mode, double targetUtilization, double hpaTarget,
                             int maxScaleDownStep) {

    /** What we recommend to users; the backtest's default. */
    public static PrescientSetup recommended() {
        return new PrescientSetup("lstm", ScalingMode.HPA_FLOOR, 0.9, 0.7, 100);
    }
}

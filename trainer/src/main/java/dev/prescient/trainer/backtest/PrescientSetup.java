package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.policy.PolicySettings;

import java.util.Objects;
import java.util.Optional;

/**
 * The prescient policy as it runs in a cluster: the actuator's shipped policy settings, the workload's SLO, and a
 * sizing learnt from the history at every refit exactly as the trainer learns it.
 *
 * @param forecaster forecaster type that feeds the policy (lstm in production)
 * @param mode hpa-floor (the policy sets the floor of a reactive HPA) or replicas
 * @param slo the workload's SLO, the one sizing knob
 * @param policy the actuator's policy settings (decision interval included)
 * @param demotion how the forecasts are demoted for poor accuracy, as the actuator does; empty = never
 */
public record PrescientSetup(String forecaster, ScalingMode mode, Slo slo, PolicySettings policy,
                             Optional<DemotionSettings> demotion) {

    public PrescientSetup {
        Objects.requireNonNull(forecaster, "forecaster");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(demotion, "demotion");
        if (mode == ScalingMode.DRY_RUN) {
            throw new IllegalArgumentException("prescient mode must be hpa-floor or replicas, got dry-run");
        }
        if (policy.decisionInterval().toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("decision interval must be whole minutes, got "
                    + policy.decisionInterval());
        }
    }

    /** What ships: the lstm, hpa-floor, the default SLO, the actuator's default settings and demotion. */
    public static PrescientSetup shipped() {
        return new PrescientSetup("lstm", ScalingMode.HPA_FLOOR, Slo.DEFAULT, PolicySettings.defaults(),
                Optional.of(DemotionSettings.defaults()));
    }

    /** The shipped setup with another forecaster (tests, quick runs). */
    public static PrescientSetup shipped(String forecaster) {
        return shipped().withForecaster(forecaster);
    }

    public int decisionIntervalMinutes() {
        return (int) policy.decisionInterval().toMinutes();
    }

    public PrescientSetup withForecaster(String type) {
        return new PrescientSetup(type, mode, slo, policy, demotion);
    }

    public PrescientSetup withMode(ScalingMode other) {
        return new PrescientSetup(forecaster, other, slo, policy, demotion);
    }

    public PrescientSetup withSlo(Slo other) {
        return new PrescientSetup(forecaster, mode, other, policy, demotion);
    }

    public PrescientSetup withPolicy(PolicySettings other) {
        return new PrescientSetup(forecaster, mode, slo, other, demotion);
    }

    /** This setup with other demotion settings; empty = the forecasts are never demoted. */
    public PrescientSetup withDemotion(Optional<DemotionSettings> settings) {
        return new PrescientSetup(forecaster, mode, slo, policy, settings);
    }
}

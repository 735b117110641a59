package dev.prescient.actuator.loop;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.policy.PolicySettings;

import java.time.Duration;
import java.util.Optional;

/** The one place the actuator builds {@link PolicySettings} and {@link DemotionSettings} from its configuration. */
public final class PolicyFactory {

    private PolicyFactory() {
    }

    /**
     * The policy's settings: with no {@code prescient.actuator.policy.*} key and no interval set, exactly
     * {@link PolicySettings#defaults()}, the settings the backtest measures.
     *
     * @throws IllegalArgumentException naming the {@code prescient.actuator.policy.*} key when a setting is invalid
     */
    public static PolicySettings settings(ActuatorConfig config) {
        ActuatorConfig.Policy p = config.policy();
        Duration interval = config.interval();
        try {
            Duration maxAge = p.maxForecastAge()
                    .orElseGet(() -> PolicySettings.defaults().withDecisionInterval(interval).maxForecastAge());
            return new PolicySettings(interval, p.scaleDownStabilization(),
                    p.maxScaleDownStep().orElse(Integer.MAX_VALUE), p.scaleUpMaxPercent(), p.scaleUpMaxPods(), maxAge,
                    p.holdOnFallback(), p.memoryLevelWindow(), p.maxForecastRatio());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prescient.actuator.policy.* / prescient.actuator.interval: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @return the demotion settings, empty when {@code prescient.actuator.demotion.enabled=false}
     * @throws IllegalArgumentException naming the {@code prescient.actuator.demotion.*} key when a setting is invalid
     */
    public static Optional<DemotionSettings> demotion(ActuatorConfig config) {
        ActuatorConfig.Demotion d = config.demotion();
        if (!d.enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DemotionSettings(d.maxMase(), d.minP90Coverage(), d.window(),
                    d.minScoredFraction(), d.recoverAfter()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prescient.actuator.demotion.*: " + e.getMessage(), e);
        }
    }
}

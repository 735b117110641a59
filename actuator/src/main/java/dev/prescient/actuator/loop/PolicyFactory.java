package dev.prescient.actuator.loop;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.util.Optional;

/** The one place the actuator builds {@link PolicySettings} and {@link DemotionSettings} from its configuration. */
public final class PolicyFactory {

    private PolicyFactory() {
    }

    /**
     * @throws IllegalArgumentException naming the {@code prescient.actuator.policy.*} key when a setting is invalid
     */
    public static PolicySettings settings(ActuatorConfig config) {
        ActuatorConfig.Policy p = config.policy();
        Duration interval = config.interval();
        Duration maxAge = p.maxForecastAge().orElse(interval.multipliedBy(2));
        try {
            ActuatorConfig.Bursts b = p.bursts();
            Optional<BurstSettings> bursts = b.enabled()
                    ? Optional.of(new BurstSettings(b.confirmRatio(), b.heightQuantile(), b.hold(), b.costWeight(),
                            b.history()))
                    : Optional.empty();
            return new PolicySettings(p.quantile(), interval, p.scaleDownStabilization(), p.maxScaleDownStep(),
                    maxAge, p.holdOnFallback(), p.seasonalMemoryDays(), p.memoryLevelWindow(), bursts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid prescient.actuator.policy / prescient.actuator.interval: "
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

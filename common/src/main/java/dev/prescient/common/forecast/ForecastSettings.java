package dev.prescient.common.forecast;

import java.time.Duration;

/**
 * What every forecaster is told when it trains.
 *
 * @param step series step
 * @param horizonSteps steps to forecast
 * @param seasonSteps steps in one season (one day)
 * @param seed random seed, so training is reproducible
 */
public record ForecastSettings(Duration step, int horizonSteps, int seasonSteps, long seed) {

    public ForecastSettings {
        if (horizonSteps <= 0) {
            throw new IllegalArgumentException("horizonSteps must be positive, got " + horizonSteps);
        }
        if (seasonSteps <= 0) {
            throw new IllegalArgumentException("seasonSteps must be positive, got " + seasonSteps);
        }
    }

    /** Settings for a one-day season at {@code step}. */
    public static ForecastSettings daily(Duration step, int horizonSteps, long seed) {
        return new ForecastSettings(step, horizonSteps, (int) (Duration.ofDays(1).toMillis() / step.toMillis()), seed);
    }
}

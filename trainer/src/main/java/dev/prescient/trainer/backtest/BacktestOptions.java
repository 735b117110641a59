package dev.prescient.trainer.backtest;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How a backtest is run.
 *
 * @param policies policies to compare: oracle, hpa, seed-arima, seasonal-naive, holt-winters, prescient
 * @param startupDelayMinutes D: a pod requested at minute t serves from t + D
 * @param capacityPerPod C in requests per minute; empty = mean of the simulated trace / 10
 * @param prescient how the prescient policy is set up
 * @param seed random seed for forecasters that train
 */
public record BacktestOptions(List<String> policies, int startupDelayMinutes, OptionalDouble capacityPerPod,
                              PrescientSetup prescient, long seed) {

    public static final List<String> ALL_POLICIES =
            List.of("oracle", "hpa", "seed-arima", "seasonal-naive", "holt-winters", "prescient");

    public BacktestOptions {
        policies = List.copyOf(policies);
        for (String p : policies) {
            if (!ALL_POLICIES.contains(p)) {
                throw new IllegalArgumentException("unknown policy '" + p + "'; choose from " + ALL_POLICIES);
            }
        }
        if (startupDelayMinutes < 0) {
            throw new IllegalArgumentException("start-up delay must be >= 0 minutes, got " + startupDelayMinutes);
        }
    }
}

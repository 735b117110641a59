package dev.prescient.trainer.backtest;

/**
 * The simulated cluster, in one-minute steps.
 *
 * @param capacityPerPod requests per minute one ready pod serves; more are dropped
 * @param startupDelayMinutes a pod requested at minute t serves from t + D
 * @param metricsLagMinutes a decision at minute t sees demand up to t - lag (1)
 * @param firstMinute first simulated minute (the first forecast origin: after three days of history)
 * @param endMinute exclusive end of the simulation
 */
public record Scenario(double capacityPerPod, int startupDelayMinutes, int metricsLagMinutes, int firstMinute,
                       int endMinute) {

    public Scenario {
        if (!(capacityPerPod > 0)) {
            throw new IllegalArgumentException("capacity per pod must be > 0, got " + capacityPerPod);
        }
        if (startupDelayMinutes < 0) {
            throw new IllegalArgumentException("start-up delay must be >= 0 minutes, got " + startupDelayMinutes);
        }
        if (firstMinute < metricsLagMinutes || endMinute <= firstMinute) {
            throw new IllegalArgumentException("simulated span [" + firstMinute + ", " + endMinute
                    + ") is empty or starts before any demand is known");
        }
    }

    public int simulatedMinutes() {
        return endMinute - firstMinute;
    }

    /** Pods needed to serve {@code demand} without dropping. */
    public int need(double demand) {
        return (int) Math.ceil(demand / capacityPerPod - 1e-9);
    }
}

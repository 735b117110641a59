package dev.prescient.common.policy;

import java.util.List;

/**
 * Demand the actuator has already observed, as a guard beside the forecast.
 *
 * @param lastRate the newest observed demand (the predictor's {@code historyUntil} value or the metric itself);
 *     NaN when unknown
 * @param sameWindowPeaks the observed peak demand over the sizing window one day earlier, two days earlier, …
 *     (first entry = yesterday); NaN entries are unknown
 */
public record Observed(double lastRate, List<Double> sameWindowPeaks) {

    public Observed {
        sameWindowPeaks = List.copyOf(sameWindowPeaks);
    }

    /** Nothing observed: the policy sizes from the forecast alone. */
    public static Observed none() {
        return new Observed(Double.NaN, List.of());
    }
}

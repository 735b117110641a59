package dev.prescient.trainer.backtest;

/**
 * What one policy did over the simulated span.
 *
 * @param name policy name
 * @param underProvisionedPct % of minutes with demand above ready capacity
 * @param droppedPct % of demand that found no ready capacity
 * @param podMinutes ready + starting pod-minutes
 * @param costVsOracle {@code podMinutes} divided by the oracle's
 * @param scaleChanges minutes in which the pod count changed
 * @param ready ready pods per simulated minute
 * @param total ready + starting pods per simulated minute
 */
public record PolicyResult(String name, double underProvisionedPct, double droppedPct, long podMinutes,
                           double costVsOracle, int scaleChanges, int[] ready, int[] total) {

    /** This result with its cost expressed against the oracle's pod-minutes. */
    public PolicyResult withCostRatio(long oraclePodMinutes) {
        return new PolicyResult(name, underProvisionedPct, droppedPct, podMinutes,
                (double) podMinutes / oraclePodMinutes, scaleChanges, ready, total);
    }
}

/**
 * Live forecast accuracy and demotion, pure and in memory: {@link dev.prescient.common.accuracy.ForecastScorer}
 * (one workload) and {@link dev.prescient.common.accuracy.LiveAccuracy} (many) record served forecasts and score
 * them against the actual demand into an {@link dev.prescient.common.accuracy.AccuracySnapshot} (MASE against
 * the one-day seasonal naive and p90 coverage over the last 24 h and 1 h);
 * {@link dev.prescient.common.accuracy.Demotion} turns snapshots into a demoted / active state with hysteresis.
 * The predictor scores, the actuator and the backtest demote, all with this code.
 */
package dev.prescient.common.accuracy;

package dev.prescient.common.forecast.artifact;

/**
 * Accuracy of one forecaster on the held-out validation windows of a training run.
 *
 * @param mae mean absolute error of p50, in the series' units
 * @param mase {@code mae} divided by the in-sample MAE of the one-season naive forecast on the training history
 * @param p90Coverage share (0..1) of actual values at or below p90
 */
public record ValidationMetrics(double mae, double mase, double p90Coverage) {
}

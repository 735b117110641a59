package dev.prescient.common.forecast.eval;

/**
 * How one forecaster did in a rolling-origin evaluation.
 *
 * @param type forecaster type
 * @param origins forecast origins in the schedule
 * @param refits successful refits
 * @param failedFits refits that threw (the previous model, if any, was kept)
 * @param failedForecasts origins whose forecast threw or had no model (not scored)
 * @param points scored steps (actuals that are not gaps)
 * @param mae mean absolute error of the p50
 * @param smapePercent symmetric MAPE of the p50, 0..200
 * @param mase mean over origins of the origin's MAE over its seasonal-naive in-sample MAE
 * @param maseOrigins origins that entered MASE (scale positive, at least one actual)
 * @param p90CoveragePercent share of actuals at or below the p90
 * @param fitSecondsMean mean wall time of a refit
 * @param fitSecondsMax longest refit
 * @param forecastMicrosP50 median wall time of a forecast call after warm-up
 * @param forecastMicrosP99 99th percentile of that time
 */
public record ForecasterScore(String type, int origins, int refits, int failedFits, int failedForecasts, long points,
                              double mae, double smapePercent, double mase, int maseOrigins,
                              double p90CoveragePercent, double fitSecondsMean, double fitSecondsMax,
                              double forecastMicrosP50, double forecastMicrosP99) {
}

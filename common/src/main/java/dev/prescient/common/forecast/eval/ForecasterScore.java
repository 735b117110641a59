package dev.prescient.common.forecast.eval;

import java.util.List;

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

    /**
     * One score over several evaluations of the same forecaster (e.g. the segments of a trace split at its gaps):
     * counts add up, error figures are weighted by the points (MASE by its origins, fit time by refits), the
     * slowest fit and the higher latency percentiles are kept.
     */
    public static ForecasterScore combine(List<ForecasterScore> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int origins = 0;
        int refits = 0;
        int failedFits = 0;
        int failedForecasts = 0;
        long points = 0;
        int maseOrigins = 0;
        double mae = 0;
        double smape = 0;
        double mase = 0;
        double coverage = 0;
        double fitSeconds = 0;
        double fitMax = Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (ForecasterScore s : parts) {
            origins += s.origins;
            refits += s.refits;
            failedFits += s.failedFits;
            failedForecasts += s.failedForecasts;
            points += s.points;
            maseOrigins += s.maseOrigins;
            mae += weighted(s.mae, s.points);
            smape += weighted(s.smapePercent, s.points);
            coverage += weighted(s.p90CoveragePercent, s.points);
            mase += weighted(s.mase, s.maseOrigins);
            fitSeconds += weighted(s.fitSecondsMean, s.refits);
            fitMax = max(fitMax, s.fitSecondsMax);
            p50 = max(p50, s.forecastMicrosP50);
            p99 = max(p99, s.forecastMicrosP99);
        }
        return new ForecasterScore(parts.get(0).type, origins, refits, failedFits, failedForecasts, points,
                ratio(mae, points), ratio(smape, points), ratio(mase, maseOrigins), maseOrigins, ratio(coverage, points),
                ratio(fitSeconds, refits), fitMax, p50, p99);
    }

    private static double weighted(double value, long weight) {
        return weight == 0 || Double.isNaN(value) ? 0 : value * weight;
    }

    private static double ratio(double sum, long weight) {
        return weight == 0 ? Double.NaN : sum / weight;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}

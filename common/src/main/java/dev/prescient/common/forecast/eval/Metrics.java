package dev.prescient.common.forecast.eval;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Point-forecast metrics over one forecast. Every metric skips steps whose actual is a gap (NaN)
 * and returns NaN when no step is left.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isNaN(actual[i])) {
                sum += Math.abs(actual[i] - forecast[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Symmetric mean absolute percentage error in percent (0..200): the mean of
     * {@code 200 |a - f| / (|a| + |f|)}, a step where both are zero counting as 0.
     */
    public static double smapePercent(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isNaN(actual[i])) {
                sum += smapeTerm(actual[i], forecast[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    static double smapeTerm(double actual, double forecast) {
        double denominator = Math.abs(actual) + Math.abs(forecast);
        return denominator == 0 ? 0 : 200 * Math.abs(actual - forecast) / denominator;
    }

    /** Percentage of actuals at or below the upper quantile. */
    public static double coveragePercent(double[] actual, double[] upper) {
        requireSameLength(actual, upper);
        int covered = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!Double.isNaN(actual[i])) {
                covered += actual[i] <= upper[i] ? 1 : 0;
                n++;
            }
        }
        return n == 0 ? Double.NaN : 100.0 * covered / n;
    }

    /**
     * In-sample MAE of the seasonal naive forecast over a history: the mean of
     * {@code |y[t] - y[t - season]|} for {@code t} in [season, length), skipping pairs with a gap.
     * This is the MASE scale.
     */
    public static double seasonalNaiveMae(double[] history, int season) {
        double sum = 0;
        int n = 0;
        for (int t = season; t < history.length; t++) {
            double d = Math.abs(history[t] - history[t - season]);
            if (!Double.isNaN(d)) {
                sum += d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Empirical percentile (0..100) with linear interpolation (type R-7); NaN for no values. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        return new Percentile(p).withEstimationType(EstimationType.R_7).evaluate(values);
    }

    private static void requireSameLength(double[] actual, double[] forecast) {
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException("actuals and forecast differ in length: " + actual.length
                    + " vs " + forecast.length);
        }
    }
}

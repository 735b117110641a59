package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/** Small numeric helpers shared by the baseline forecasters. */
final class ForecastMath {

    /** The upper quantile every baseline forecasts, in percent. */
    static final double UPPER_QUANTILE = 90.0;

    private ForecastMath() {
    }

    /**
     * Empirical {@code p}-th percentile (0..100) of the first {@code count} values, with linear
     * interpolation between order statistics (type R-7, the default of R and NumPy).
     */
    static double percentile(double[] values, int count, double p) {
        if (count == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        return new Percentile(p).withEstimationType(EstimationType.R_7).evaluate(values, 0, count);
    }

    /**
     * Builds a forecast from the raw median path and the p90 offsets, clamping both quantiles at
     * zero. Because the offsets are non-negative, {@code p90 >= p50} holds after clamping.
     */
    static Forecast forecast(String type, TimeSeries recent, double[] rawP50, HorizonSpread spread) {
        double[] p50 = new double[rawP50.length];
        double[] p90 = new double[rawP50.length];
        for (int i = 0; i < rawP50.length; i++) {
            if (!Double.isFinite(rawP50[i])) {
                throw new ForecastException(type + " produced a non-finite forecast at step " + (i + 1)
                        + " from " + recent + "; refit the model on a history without extreme values");
            }
            p50[i] = Math.max(0, rawP50[i]);
            p90[i] = Math.max(p50[i], rawP50[i] + spread.offset(i + 1));
        }
        return new Forecast(recent.end(), recent.step(), p50, p90);
    }

    /** Throws unless the series has at least {@code needed} steps. */
    static void requireSteps(String type, String operation, TimeSeries series, int needed, String why) {
        if (series.size() < needed) {
            throw new ForecastException(type + " cannot " + operation + ": needs at least " + needed + " steps ("
                    + why + "), got " + series.size() + "; supply a longer history");
        }
    }

    /** Index of the newest non-gap value, or -1 when all are gaps. */
    static int lastFinite(double[] values) {
        for (int i = values.length - 1; i >= 0; i--) {
            if (!Double.isNaN(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Copy of the values with every gap replaced by the previous non-gap value (or the next one at the start). */
    static double[] carryForward(double[] values) {
        double[] out = Arrays.copyOf(values, values.length);
        double last = Double.NaN;
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        int first = 0;
        while (first < out.length && Double.isNaN(out[first])) {
            first++;
        }
        if (first < out.length) {
            Arrays.fill(out, 0, first, out[first]);
        }
        return out;
    }
}

package dev.prescient.common.forecast.lstm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps rates to the network's scale and back: {@code z = (log1p(x / reference) - mean) / std}.
 * Dividing by the median keeps typical values near the linear part of log1p, so zero runs are not
 * extreme outliers, while bursts are compressed. The constants travel with the model.
 *
 * @param reference median of the positive training values
 * @param mean mean of {@code log1p(x / reference)} over the training values
 * @param std standard deviation of the same
 */
record SeriesScaler(double reference, double mean, double std) {

    SeriesScaler {
        if (!(reference > 0) || !Double.isFinite(mean) || !(std > 0) || !Double.isFinite(reference + std)) {
            throw new IllegalArgumentException("invalid scaling constants: reference=" + reference
                    + ", mean=" + mean + ", std=" + std);
        }
    }

    /** Fits on the finite values; returns null when there are none. */
    static SeriesScaler fit(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return null;
        }
        double[] positive = Arrays.stream(finite).filter(v -> v > 0).sorted().toArray();
        double reference = positive.length == 0 ? 1.0 : positive[positive.length / 2];
        double sum = 0;
        for (double v : finite) {
            sum += Math.log1p(Math.max(0, v) / reference);
        }
        double mean = sum / finite.length;
        double sq = 0;
        for (double v : finite) {
            double d = Math.log1p(Math.max(0, v) / reference) - mean;
            sq += d * d;
        }
        double std = Math.sqrt(sq / finite.length);
        return new SeriesScaler(reference, mean, std > 1e-6 ? std : 1.0);
    }

    double scale(double x) {
        return (Math.log1p(Math.max(0, x) / reference) - mean) / std;
    }

    /** Scales every value; gaps stay NaN. */
    double[] scaleAll(double[] values) {
        double[] z = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            z[i] = Double.isNaN(values[i]) ? Double.NaN : scale(values[i]);
        }
        return z;
    }

    double invert(double z) {
        return reference * Math.expm1(z * std + mean);
    }

    Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("mean", mean);
        m.put("std", std);
        return m;
    }

    static SeriesScaler fromMap(Map<String, Double> m) {
        return new SeriesScaler(required(m, "reference"), required(m, "mean"), required(m, "std"));
    }

    private static double required(Map<String, Double> m, String key) {
        Double v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("scaling constant '" + key + "' is missing");
        }
        return v;
    }
}

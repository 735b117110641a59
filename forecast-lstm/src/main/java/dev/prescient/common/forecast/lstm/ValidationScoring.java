package dev.prescient.common.forecast.lstm;

import dev.prescient.common.forecast.artifact.ValidationMetrics;

/** Scores calibrated validation forecasts in the series' own units. */
final class ValidationScoring {

    private ValidationScoring() {
    }

    static ValidationMetrics score(WindowSamples validation, RawQuantiles predicted, SeriesScaler scaler,
                                   double p90Offset, double naiveMae) {
        int horizon = validation.layout().horizon();
        double absError = 0;
        int covered = 0;
        int n = validation.size() * horizon;
        for (int i = 0; i < validation.size(); i++) {
            for (int h = 0; h < horizon; h++) {
                int k = i * horizon + h;
                double actual = scaler.invert(validation.label(i, h));
                double p50 = Math.max(0, scaler.invert(predicted.p50()[k]));
                double p90 = scaler.invert(QuantileCalibration.p90(predicted.p50()[k], predicted.p90()[k], p90Offset));
                absError += Math.abs(actual - p50);
                covered += actual <= Math.max(p50, p90) + 1e-9 ? 1 : 0;
            }
        }
        double mae = n == 0 ? Double.NaN : absError / n;
        return new ValidationMetrics(mae, naiveMae > 0 ? mae / naiveMae : Double.NaN, n == 0 ? Double.NaN : (double) covered / n);
    }

    /** In-sample MAE of the one-season naive forecast over the history (gaps skipped). */
    static double seasonalNaiveMae(double[] values, int season) {
        double sum = 0;
        int n = 0;
        for (int t = season; t < values.length; t++) {
            double d = values[t] - values[t - season];
            if (Double.isFinite(d)) {
                sum += Math.abs(d);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}

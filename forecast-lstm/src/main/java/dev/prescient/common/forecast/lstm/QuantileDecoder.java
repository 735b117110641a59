package dev.prescient.common.forecast.lstm;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns the network's scaled output into a {@link Forecast}: calibrates p90, inverts the scaling,
 * clamps p50 at zero and p90 at p50. A non-finite value means the network is broken, and is refused.
 */
final class QuantileDecoder {

    private final SeriesScaler scaler;
    private final double p90Offset;

    QuantileDecoder(SeriesScaler scaler, double p90Offset) {
        this.scaler = scaler;
        this.p90Offset = p90Offset;
    }

    Forecast decode(RawQuantiles raw, Instant start, Duration step, int horizonSteps) {
        double[] p50 = new double[horizonSteps];
        double[] p90 = new double[horizonSteps];
        for (int h = 0; h < horizonSteps; h++) {
            double median = scaler.invert(raw.p50()[h]);
            double upper = scaler.invert(QuantileCalibration.p90(raw.p50()[h], raw.p90()[h], p90Offset));
            if (!Double.isFinite(median) || !Double.isFinite(upper)) {
                throw new ForecastException("lstm network produced a non-finite forecast at step " + h + " (p50="
                        + raw.p50()[h] + ", p90=" + raw.p90()[h] + " scaled); the model is unusable, retrain it");
            }
            p50[h] = Math.max(0, median);
            p90[h] = Math.max(p50[h], upper);
        }
        return new Forecast(start, step, p50, p90);
    }
}

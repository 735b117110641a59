package dev.prescient.common.forecast.lstm;

import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Fixed test series at a five-minute step. */
final class SyntheticSeries {

    static final Duration STEP = Duration.ofMinutes(5);
    static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    static final int DAY = 288;
    /** Seven hours: a day is not a whole number of periods, so yesterday's value is a poor guess. */
    static final int PERIOD = 84;

    private SyntheticSeries() {
    }

    /** A rising sine of period {@link #PERIOD} with Gaussian noise of standard deviation 3. */
    static double[] noisySine(int steps, long seed) {
        Random noise = new Random(seed);
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
            v[i] = 100 + 0.02 * i + 40 * Math.sin(2 * Math.PI * i / PERIOD) + 3 * noise.nextGaussian();
        }
        return v;
    }

    static TimeSeries series(double[] values) {
        return new TimeSeries(START, STEP, values);
    }

    static TimeSeries prefix(double[] values, int end) {
        return series(java.util.Arrays.copyOf(values, end));
    }
}

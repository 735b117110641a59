package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Fixed series for forecaster tests: constant, ramp, sine with noise. */
public final class TestSeries {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Duration STEP = Duration.ofMinutes(1);

    private TestSeries() {
    }

    public static TimeSeries of(double... values) {
        return new TimeSeries(START, STEP, values);
    }

    public static TimeSeries generate(int length, IntToDoubleFunction valueAt) {
        double[] v = new double[length];
        for (int t = 0; t < length; t++) {
            v[t] = valueAt.applyAsDouble(t);
        }
        return of(v);
    }

    public static TimeSeries constant(int length, double value) {
        return generate(length, t -> value);
    }

    /** {@code intercept + slope * t}. */
    public static TimeSeries ramp(int length, double intercept, double slope) {
        return generate(length, t -> intercept + slope * t);
    }

    /** The noise-free daily sine {@code mean + amplitude * sin(2 pi t / period)}. */
    public static double sine(int t, double mean, double amplitude, int period) {
        return mean + amplitude * Math.sin(2 * Math.PI * t / period);
    }

    /** The sine plus noise uniform in [-noise, noise], from a fixed seed. */
    public static TimeSeries noisySine(int length, double mean, double amplitude, int period, double noise, long seed) {
        Random random = new Random(seed);
        return generate(length, t -> sine(t, mean, amplitude, period) + noise * (2 * random.nextDouble() - 1));
    }

    /** Settings with a season of {@code seasonSteps} at the test step. */
    public static ForecastSettings settings(int horizonSteps, int seasonSteps) {
        return new ForecastSettings(STEP, horizonSteps, seasonSteps, 42);
    }

    /** A copy of the series with the given indexes set to gaps. */
    public static TimeSeries withGaps(TimeSeries series, int... indexes) {
        double[] v = series.values();
        for (int i : indexes) {
            v[i] = Double.NaN;
        }
        return of(v);
    }
}

package dev.prescient.common.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Quantile forecast over the horizon: {@code p50[i]} and {@code p90[i]} are the median and 90th
 * percentile of the rate at {@code start + i * step}. Values are finite, non-negative and
 * {@code p90[i] >= p50[i]}.
 */
public record Forecast(Instant start, Duration step, double[] p50, double[] p90) {

    public Forecast {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        p50 = p50.clone();
        p90 = p90.clone();
        if (p50.length != p90.length) {
            throw new IllegalArgumentException("forecast quantiles differ in length: p50 " + p50.length + ", p90 " + p90.length);
        }
        for (int i = 0; i < p50.length; i++) {
            if (!Double.isFinite(p50[i]) || !Double.isFinite(p90[i]) || p50[i] < 0 || p90[i] < p50[i]) {
                throw new IllegalArgumentException("forecast step " + i + " is not a valid quantile pair: p50="
                        + p50[i] + ", p90=" + p90[i]);
            }
        }
    }

    public int horizon() {
        return p50.length;
    }

    @Override
    public double[] p50() {
        return p50.clone();
    }

    @Override
    public double[] p90() {
        return p90.clone();
    }

    public double p50At(int i) {
        return p50[i];
    }

    public double p90At(int i) {
        return p90[i];
    }

    public Instant timeAt(int i) {
        return start.plus(step.multipliedBy(i));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && start.equals(f.start) && step.equals(f.step)
                && Arrays.equals(p50, f.p50) && Arrays.equals(p90, f.p90);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, step, Arrays.hashCode(p50), Arrays.hashCode(p90));
    }

    @Override
    public String toString() {
        return "Forecast[start=" + start + ", step=" + step + ", horizon=" + p50.length + "]";
    }
}

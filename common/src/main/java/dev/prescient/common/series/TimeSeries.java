package dev.prescient.common.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An evenly stepped series of non-negative rates. A step with no data (a gap that was too long to
 * interpolate) holds {@link Double#NaN}; every other value is finite. Immutable: the array is
 * copied in and out.
 *
 * @param start time of the first value
 * @param step distance between consecutive values
 * @param values one value per step, NaN where the step is a gap
 */
public record TimeSeries(Instant start, Duration step, double[] values) {

    public TimeSeries {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(values, "values");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("series step must be positive, got " + step);
        }
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("series value at " + start.plus(step.multipliedBy(i))
                        + " is infinite; drop it before building the series");
            }
        }
    }

    /** An empty series starting at {@code start}. */
    public static TimeSeries empty(Instant start, Duration step) {
        return new TimeSeries(start, step, new double[0]);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** The value at index {@code i} (NaN for a gap) without copying the array. */
    public double valueAt(int i) {
        return values[i];
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public Instant timeAt(int i) {
        return start.plus(step.multipliedBy(i));
    }

    /** The time just after the last value, i.e. {@code start + size * step}. */
    public Instant end() {
        return timeAt(values.length);
    }

    public boolean isGap(int i) {
        return Double.isNaN(values[i]);
    }

    /** Number of steps that are gaps. */
    public int gapCount() {
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }

    /** Index of the step that contains {@code t}, which may lie outside [0, size). */
    public long indexOf(Instant t) {
        return Math.floorDiv(Duration.between(start, t).toMillis(), step.toMillis());
    }

    /** The values in [from, to) as a new series. */
    public TimeSeries slice(int from, int to) {
        if (from < 0 || to > values.length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a series of " + values.length);
        }
        return new TimeSeries(timeAt(from), step, Arrays.copyOfRange(values, from, to));
    }

    /** The values whose time lies in [from, to). */
    public TimeSeries between(Instant from, Instant to) {
        int a = (int) Math.max(0, Math.min(values.length, ceilIndex(from)));
        int b = (int) Math.max(a, Math.min(values.length, ceilIndex(to)));
        return slice(a, b);
    }

    private long ceilIndex(Instant t) {
        long ms = Duration.between(start, t).toMillis();
        return -Math.floorDiv(-ms, step.toMillis());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries other && start.equals(other.start) && step.equals(other.step)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TimeSeries[start=" + start + ", step=" + step + ", size=" + values.length + ", gaps=" + gapCount() + "]";
    }
}

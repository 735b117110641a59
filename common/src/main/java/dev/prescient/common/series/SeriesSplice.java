package dev.prescient.common.series;

import java.time.Duration;
import java.time.Instant;

/**
 * A series kept from an earlier query brought up to date with a query of its newest part, so that a caller that asks
 * for the same window step after step (the predictor's history, the actuator's observed demand) queries only the
 * newest minutes.
 */
public final class SeriesSplice {

    private SeriesSplice() {
    }

    /**
     * {@code [from, to)} at {@code kept}'s step (the last step may end after {@code to}): {@code newest} where it
     * reaches and has a value; {@code kept} where {@code newest} does not reach, or where {@code newest} is a gap but
     * {@code kept} has a value (a short gap the source interpolated with a neighbour before {@code newest} starts);
     * a gap where neither has a value.
     *
     * @param newest the newest part, queried again on the same grid; null when there is nothing newer
     * @throws IllegalArgumentException when the two series are not on the same step
     */
    public static TimeSeries splice(TimeSeries kept, TimeSeries newest, Instant from, Instant to) {
        Duration step = kept.step();
        if (newest != null && !newest.step().equals(step)) {
            throw new IllegalArgumentException("cannot splice a series at " + newest.step() + " onto one at " + step);
        }
        int n = (int) -Math.floorDiv(-Duration.between(from, to).toMillis(), step.toMillis());
        double[] values = new double[Math.max(0, n)];
        for (int i = 0; i < values.length; i++) {
            Instant t = from.plus(step.multipliedBy(i));
            double keptValue = at(kept, t);
            double newestValue = newest == null ? Double.NaN : at(newest, t);
            values[i] = Double.isNaN(newestValue) ? keptValue : newestValue;
        }
        return new TimeSeries(from, step, values);
    }

    private static double at(TimeSeries series, Instant t) {
        long i = series.indexOf(t);
        return i >= 0 && i < series.size() ? series.valueAt((int) i) : Double.NaN;
    }
}

package dev.prescient.common.policy.burst;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static dev.prescient.common.policy.burst.RecurringBurstModel.EARLY;
import static dev.prescient.common.policy.burst.RecurringBurstModel.LATE;
import static dev.prescient.common.policy.burst.RecurringBurstModel.LEVEL_STEPS;
import static dev.prescient.common.policy.burst.RecurringBurstModel.MIN_LEVEL_STEPS;
import static dev.prescient.common.policy.burst.RecurringBurstModel.PEAK_STEPS;

/**
 * Reads a demand series as occurrences of anchored bursts: the level before a time, and whether the occurrence
 * anchored at a time burst (and where, how high), only from {@code bound} on and only when fully observed.
 */
final class Occurrences {

    /** An anchor's occurrence in one hour: whether it burst, at which offset and how high over the level. */
    record Occurrence(boolean burst, int offset, Instant onset, double peakRatio) {
    }

    private final TimeSeries s;
    private final BurstSettings settings;
    private final Instant bound;

    Occurrences(TimeSeries s, BurstSettings settings, Instant bound) {
        this.s = s;
        this.settings = settings;
        this.bound = bound;
    }

    /** Level: median of the {@value RecurringBurstModel#LEVEL_STEPS} steps before {@code t}; NaN when unknown. */
    double level(Instant t) {
        long i = s.indexOf(t);
        if (i - LEVEL_STEPS < 0 || t.minus(s.step().multipliedBy(LEVEL_STEPS)).isBefore(bound) || i > s.size()) {
            return Double.NaN;
        }
        return median(s, (int) i - LEVEL_STEPS, (int) i);
    }

    /** 1 when the occurrence anchored at {@code a} is fully known before {@code known} and burst, else 0. */
    double burstAt(Instant a, Instant known) {
        Occurrence o = occurrence(a, known);
        return o != null && o.burst() ? 1 : 0;
    }

    /** The occurrence anchored at {@code a}, or null when not fully observed before {@code known}. */
    Occurrence occurrence(Instant a, Instant known) {
        Duration step = s.step();
        Instant first = a.minus(step.multipliedBy(EARLY));
        Instant end = a.plus(step.multipliedBy(LATE + PEAK_STEPS));
        if (end.isAfter(known) || end.isAfter(s.end())) {
            return null;
        }
        double level = level(first);
        if (!(level > 0)) {
            return null;
        }
        long i0 = s.indexOf(first);
        for (int k = -EARLY; k <= LATE; k++) {
            int i = (int) (i0 + k + EARLY);
            double v = s.valueAt(i);
            if (v > settings.confirmRatio() * level) {
                double peak = v;
                for (int m = i; m < Math.min(s.size(), i + PEAK_STEPS); m++) {
                    double w = s.valueAt(m);
                    if (w > peak) {
                        peak = w;
                    }
                }
                return new Occurrence(true, k, a.plus(step.multipliedBy(k)), peak / level);
            }
        }
        return new Occurrence(false, 0, a, 1);
    }

    /** Median of the known values at indices [from, to); NaN with fewer than {@value RecurringBurstModel#MIN_LEVEL_STEPS}. */
    static double median(TimeSeries s, int from, int to) {
        double[] v = new double[Math.max(0, to - from)];
        int n = 0;
        for (int i = Math.max(0, from); i < Math.min(to, s.size()); i++) {
            double x = s.valueAt(i);
            if (!Double.isNaN(x)) {
                v[n++] = x;
            }
        }
        if (n < MIN_LEVEL_STEPS) {
            return Double.NaN;
        }
        Arrays.sort(v, 0, n);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}

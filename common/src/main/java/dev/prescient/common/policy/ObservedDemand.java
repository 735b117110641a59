package dev.prescient.common.policy;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Observed} guard of one decision from the demand history, so that the actuator, the backtest and
 * the trainer hand the policy exactly the same figures. Only values before {@code now} count; gaps (NaN) are skipped,
 * and a figure with no value behind it is NaN (unknown), which the policy ignores.
 */
public final class ObservedDemand {

    private static final Duration DAY = Duration.ofDays(1);
    /** Days remembered at most: a week, so that a weekly cycle's same weekday is among them. */
    public static final int MAX_MEMORY_DAYS = 7;

    private ObservedDemand() {
    }

    /**
     * @param history demand at a regular step, ideally {@link #MAX_MEMORY_DAYS} days plus the level window long;
     *     days it does not reach are unknown
     * @param now the decision time
     * @param startupDelay the workload's start-up delay: the sizing window starts at {@code now + startupDelay}
     * @param settings the policy's settings: decision interval and level window
     */
    public static Observed from(TimeSeries history, Instant now, Duration startupDelay, PolicySettings settings) {
        int memoryDays = MAX_MEMORY_DAYS;
        Instant windowStart = now.plus(startupDelay);
        Instant windowEnd = windowStart.plus(settings.decisionInterval());
        Duration level = settings.memoryLevelWindow();
        List<Double> peaks = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        for (int day = 1; day <= memoryDays; day++) {
            Duration back = DAY.multipliedBy(day);
            peaks.add(max(history, windowStart.minus(back), windowEnd.minus(back), now));
            levels.add(level.isZero() ? Double.NaN : mean(history, now.minus(back).minus(level), now.minus(back)));
        }
        double recent = level.isZero() ? Double.NaN : mean(history, now.minus(level), now);
        return new Observed(newest(history, now), peaks, recent, levels, max(history, history.start(), now, now));
    }

    /** The value of the newest step before {@code now}; NaN when it is a gap or there is none. */
    private static double newest(TimeSeries history, Instant now) {
        long i = history.indexOf(now);
        if (i >= 0 && i < history.size() && !history.timeAt((int) i).isBefore(now)) {
            i--;
        }
        i = Math.min(i, history.size() - 1);
        return i < 0 ? Double.NaN : history.valueAt((int) i);
    }

    /** Highest known value at times in [from, min(to, now)); NaN when there is none. */
    private static double max(TimeSeries history, Instant from, Instant to, Instant now) {
        int a = firstIndexAtOrAfter(history, from);
        int b = firstIndexAtOrAfter(history, to.isBefore(now) ? to : now);
        double max = Double.NaN;
        for (int i = a; i < b; i++) {
            double v = history.valueAt(i);
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    /** Mean of the known values at times in [from, to); NaN when there is none. */
    private static double mean(TimeSeries history, Instant from, Instant to) {
        int a = firstIndexAtOrAfter(history, from);
        int b = firstIndexAtOrAfter(history, to);
        double sum = 0;
        int n = 0;
        for (int i = a; i < b; i++) {
            double v = history.valueAt(i);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The first index whose time is at or after {@code t}, within [0, size]. */
    private static int firstIndexAtOrAfter(TimeSeries history, Instant t) {
        long ms = Duration.between(history.start(), t).toMillis();
        long i = -Math.floorDiv(-ms, history.step().toMillis());
        return (int) Math.max(0, Math.min(history.size(), i));
    }
}

package dev.prescient.common.policy;

import dev.prescient.common.policy.burst.RecurringBurstModel;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link Observed} guard of one decision from the demand history, so that the actuator and the
 * backtest hand the policy exactly the same figures. Only values before {@code now} count; gaps (NaN) are
 * skipped, and a figure with no value behind it is NaN (unknown), which the policy ignores.
 */
public final class ObservedDemand {

    private static final Duration DAY = Duration.ofDays(1);

    private ObservedDemand() {
    }

    /**
     * @param history demand at a regular step, at least {@code seasonalMemoryDays} days plus the level window
     *     long to fill every figure
     * @param now the decision time
     * @param startupDelay the workload's start-up delay: the sizing window starts at {@code now + startupDelay}
     * @param settings the policy's settings: decision interval, days remembered and level window
     */
    public static Observed from(TimeSeries history, Instant now, Duration startupDelay, PolicySettings settings) {
        Instant windowStart = now.plus(startupDelay);
        Instant windowEnd = windowStart.plus(settings.decisionInterval());
        Duration level = settings.memoryLevelWindow();
        List<Double> peaks = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        for (int day = 1; day <= settings.seasonalMemoryDays(); day++) {
            Duration back = DAY.multipliedBy(day);
            peaks.add(max(history, windowStart.minus(back), windowEnd.minus(back), now));
            if (settings.scalesMemoryToLevel()) {
                levels.add(mean(history, now.minus(back).minus(level), now.minus(back)));
            }
        }
        double recent = settings.scalesMemoryToLevel() ? mean(history, now.minus(level), now) : Double.NaN;
        return new Observed(newest(history, now), peaks, recent, levels);
    }

    /**
     * As {@link #from(TimeSeries, Instant, Duration, PolicySettings)}, plus the recurring-burst onsets near now
     * when the settings turn the cover on and a model was learnt.
     *
     * @param history demand up to now: the burst model's history as well, when it is used
     */
    public static Observed from(TimeSeries history, Instant now, Duration startupDelay, PolicySettings settings,
                                Optional<RecurringBurstModel> bursts) {
        Observed observed = from(history, now, startupDelay, settings);
        if (settings.bursts().isEmpty()) {
            return observed;
        }
        List<Double> lastRates = new ArrayList<>();
        for (int day = 1; day <= settings.seasonalMemoryDays(); day++) {
            lastRates.add(newest(history, now.minus(DAY.multipliedBy(day))));
        }
        Observed withRates = observed.withSameTimeLastRates(lastRates);
        return bursts.map(b -> withRates.withBursts(b.covers(history, now, startupDelay))).orElse(withRates);
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
        TimeSeries span = history.between(from, to.isBefore(now) ? to : now);
        double max = Double.NaN;
        for (int i = 0; i < span.size(); i++) {
            double v = span.valueAt(i);
            if (!Double.isNaN(v) && (Double.isNaN(max) || v > max)) {
                max = v;
            }
        }
        return max;
    }

    /** Mean of the known values at times in [from, to); NaN when there is none. */
    private static double mean(TimeSeries history, Instant from, Instant to) {
        TimeSeries span = history.between(from, to);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < span.size(); i++) {
            double v = span.valueAt(i);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}

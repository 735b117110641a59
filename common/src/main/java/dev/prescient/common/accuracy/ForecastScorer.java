package dev.prescient.common.accuracy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.eval.Metrics;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Live accuracy of one workload's forecasts: remembers the forecasts served, compactly, and scores them once
 * the demand they predicted is known. Pure and in memory; safe for concurrent use (methods are synchronised).
 *
 * <h2>What is scored</h2>
 * Time is cut into steps of the epoch-aligned grid of {@code step} (step {@code s} starts at
 * {@code s × step} since 1970-01-01T00:00Z; Prometheus range queries with an aligned start and the backtest's
 * minutes lie on it). Each step {@code τ} is scored at most once, against <b>the most recently made recorded
 * forecast that predicted it at least {@code minLeadSteps} steps ahead</b>: among the recorded forecasts whose
 * point {@code i ≥ minLeadSteps − 1} falls on {@code τ}, the one with the latest start. With
 * {@code minLeadSteps = 1} (the default) that is the stitched forecast of the backtest report: each step judged
 * by the newest forecast made before it. A recorded forecast only replaces the points of older ones, never of a
 * newer one (nor a newer step in the ring), so recording order does not matter. Points beyond {@code horizonSteps} are ignored.
 *
 * <p>{@link #score} looks at the steps {@code τ} with {@code at − window ≤ τ < at} for the windows 24 h and 1 h.
 * A step counts ("a point") when it has a stored prediction, a known actual {@code a_τ} and a known actual one
 * day earlier {@code a_{τ−1d}} (not a gap, inside the given actuals). Over the points of a window:
 * <ul>
 *   <li>{@code mase = mean|a_τ − p50_τ| / mean|a_τ − a_{τ−1d}|}, i.e. the MAE of the p50 divided by the MAE the
 *       one-day seasonal naive made on the very same steps ({@link Metrics#mae}); NaN when that scale is 0;</li>
 *   <li>{@code p90Coverage} = share of points with {@code a_τ ≤ p90_τ} ({@link Metrics#coveragePercent} / 100).</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * One ring of {@code 1 day + horizon} steps holding two longs and two doubles each: about 47 KB for a 1-minute
 * step and a 30-minute horizon, whatever the number of forecasts recorded.
 */
public final class ForecastScorer {

    private static final long EMPTY = Long.MIN_VALUE;

    private final Duration step;
    private final long stepMillis;
    private final int season;
    private final int horizonSteps;
    private final int minLeadSteps;
    private final long[] slotAt;
    private final long[] originAt;
    private final double[] p50At;
    private final double[] p90At;

    /**
     * @param step the workload's series step; one day must be a whole number of steps
     * @param horizonSteps the longest horizon recorded, in steps
     * @param minLeadSteps a step is judged only by a forecast whose point for it is at least this many steps ahead
     *     (1 = the forecast's first point)
     */
    public ForecastScorer(Duration step, int horizonSteps, int minLeadSteps) {
        this.step = Objects.requireNonNull(step, "step");
        if (step.isZero() || step.isNegative() || AccuracySnapshot.DAY.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("accuracy scoring needs a positive step dividing one day, got " + step);
        }
        if (horizonSteps < 1) {
            throw new IllegalArgumentException("accuracy scoring needs a horizon of at least 1 step, got "
                    + horizonSteps);
        }
        if (minLeadSteps < 1 || minLeadSteps > horizonSteps) {
            throw new IllegalArgumentException("accuracy minimum lead must lie in [1, horizon " + horizonSteps
                    + "] steps, got " + minLeadSteps);
        }
        this.stepMillis = step.toMillis();
        this.season = (int) (AccuracySnapshot.DAY.toMillis() / stepMillis);
        this.horizonSteps = horizonSteps;
        this.minLeadSteps = minLeadSteps;
        int capacity = season + horizonSteps;
        this.slotAt = new long[capacity];
        this.originAt = new long[capacity];
        this.p50At = new double[capacity];
        this.p90At = new double[capacity];
        Arrays.fill(slotAt, EMPTY);
    }

    /** A scorer judging each step by the newest forecast made before it. */
    public ForecastScorer(Duration step, int horizonSteps) {
        this(step, horizonSteps, 1);
    }

    public Duration step() {
        return step;
    }

    public int horizonSteps() {
        return horizonSteps;
    }

    /**
     * Remembers a served forecast.
     *
     * @throws IllegalArgumentException when its step is not this scorer's
     */
    public synchronized void record(Forecast forecast) {
        if (!forecast.step().equals(step)) {
            throw new IllegalArgumentException("cannot record a forecast with step " + forecast.step()
                    + " for accuracy scored at step " + step);
        }
        long origin = slot(forecast.start());
        int points = Math.min(forecast.horizon(), horizonSteps);
        for (int i = minLeadSteps - 1; i < points; i++) {
            long target = origin + i;
            int k = index(target);
            if (slotAt[k] > target || slotAt[k] == target && originAt[k] > origin) {
                continue; // a newer step, or a newer forecast of this step, is already there
            }
            slotAt[k] = target;
            originAt[k] = origin;
            p50At[k] = forecast.p50At(i);
            p90At[k] = forecast.p90At(i);
        }
    }

    /**
     * Scores the recorded forecasts against the actual demand.
     *
     * @param actuals the demand at this scorer's step; to score a full day it must reach from {@code at − 2 days}
     *     (the day-ago values the scale needs) to {@code at}; steps outside it or gaps are not scored
     * @param at end (exclusive) of both windows, usually now
     * @throws IllegalArgumentException when the actuals' step is not this scorer's
     */
    public synchronized AccuracySnapshot score(TimeSeries actuals, Instant at) {
        if (!actuals.step().equals(step)) {
            throw new IllegalArgumentException("cannot score forecasts at step " + step + " against actuals at step "
                    + actuals.step());
        }
        return new AccuracySnapshot(at, step, window(actuals, at, AccuracySnapshot.DAY),
                window(actuals, at, AccuracySnapshot.HOUR));
    }

    private AccuracySnapshot.Window window(TimeSeries actuals, Instant at, Duration length) {
        long end = ceilSlot(at);
        long from = ceilSlot(at.minus(length));
        int n = (int) (end - from);
        double[] actual = new double[n];
        double[] p50 = new double[n];
        double[] p90 = new double[n];
        double[] dayAgo = new double[n];
        int points = 0;
        for (long s = from; s < end; s++) {
            int k = index(s);
            if (slotAt[k] != s) {
                continue;
            }
            double a = actual(actuals, s);
            double d = actual(actuals, s - season);
            if (Double.isNaN(a) || Double.isNaN(d)) {
                continue;
            }
            actual[points] = a;
            dayAgo[points] = d;
            p50[points] = p50At[k];
            p90[points] = p90At[k];
            points++;
        }
        if (points == 0) {
            return AccuracySnapshot.Window.empty(length);
        }
        actual = Arrays.copyOf(actual, points);
        double scale = Metrics.mae(actual, Arrays.copyOf(dayAgo, points));
        double mase = scale > 0 ? Metrics.mae(actual, Arrays.copyOf(p50, points)) / scale : Double.NaN;
        double coverage = Metrics.coveragePercent(actual, Arrays.copyOf(p90, points)) / 100;
        return new AccuracySnapshot.Window(length, mase, coverage, points);
    }

    private double actual(TimeSeries actuals, long s) {
        long i = actuals.indexOf(Instant.ofEpochMilli(s * stepMillis));
        return i < 0 || i >= actuals.size() ? Double.NaN : actuals.valueAt((int) i);
    }

    private long slot(Instant t) {
        return Math.floorDiv(t.toEpochMilli(), stepMillis);
    }

    private long ceilSlot(Instant t) {
        return -Math.floorDiv(-t.toEpochMilli(), stepMillis);
    }

    private int index(long s) {
        return (int) Math.floorMod(s, (long) slotAt.length);
    }
}

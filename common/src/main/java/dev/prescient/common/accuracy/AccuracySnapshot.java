package dev.prescient.common.accuracy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How well a workload's served forecasts matched the demand over the last day and the last hour, as
 * {@link ForecastScorer} scored them at {@code at}. Immutable.
 *
 * @param at the time the windows end (exclusive)
 * @param step the series step; a window's {@code points} are steps of this length
 * @param day the last 24 hours
 * @param hour the last hour
 * @param modelVersion the model version whose forecasts these windows score: the predictor scores each served
 *     version afresh from the moment it starts serving; null when unknown (a predictor older than this field, or
 *     no model has served the workload yet)
 */
public record AccuracySnapshot(Instant at, Duration step, Window day, Window hour, String modelVersion) {

    public static final Duration DAY = Duration.ofDays(1);
    public static final Duration HOUR = Duration.ofHours(1);

    public AccuracySnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(hour, "hour");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("accuracy step must be positive, got " + step);
        }
    }

    /** A snapshot of an unknown model version. */
    public AccuracySnapshot(Instant at, Duration step, Window day, Window hour) {
        this(at, step, day, hour, null);
    }

    /** This snapshot as the score of {@code version} (null = unknown). */
    public AccuracySnapshot withModelVersion(String version) {
        return new AccuracySnapshot(at, step, day, hour, version);
    }

    /** Nothing scored yet: both windows empty. */
    public static AccuracySnapshot unknown(Instant at, Duration step) {
        return new AccuracySnapshot(at, step, Window.empty(DAY), Window.empty(HOUR));
    }

    /**
     * The window of this length.
     *
     * @throws IllegalArgumentException when {@code length} is neither 24 h nor 1 h
     */
    public Window window(Duration length) {
        if (DAY.equals(length)) {
            return day;
        }
        if (HOUR.equals(length)) {
            return hour;
        }
        throw new IllegalArgumentException("accuracy is scored over 24h and 1h, not over " + Window.format(length));
    }

    /**
     * Accuracy over one window.
     *
     * @param length how far back the window reaches from {@link AccuracySnapshot#at()}
     * @param mase mean |actual − p50| divided by mean |actual − actual one day earlier| over the same scored
     *     steps (below 1: better than the one-day seasonal naive); NaN with no scored step or when that scale is 0
     * @param p90Coverage share (0..1) of the scored steps whose actual is at or below the p90; NaN with none
     * @param points number of scored steps
     */
    public record Window(Duration length, double mase, double p90Coverage, int points) {

        public Window {
            Objects.requireNonNull(length, "length");
            if (points < 0) {
                throw new IllegalArgumentException("accuracy window points must not be negative, got " + points);
            }
        }

        public static Window empty(Duration length) {
            return new Window(length, Double.NaN, Double.NaN, 0);
        }

        /** Time the scored steps cover: {@code points × step}. */
        public Duration scored(Duration step) {
            return step.multipliedBy(points);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: MASE %.3f, p90 coverage %.3f, %d points", format(length), mase,
                    p90Coverage, points);
        }

        /** A duration as the accuracy texts write it: {@code 24h}, {@code 1h}, {@code 90m}, {@code 30s}. */
        public static String format(Duration d) {
            if (d.toSeconds() % 3600 == 0) {
                return d.toHours() + "h";
            }
            return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
        }
    }
}

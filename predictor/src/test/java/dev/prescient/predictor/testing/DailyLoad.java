package dev.prescient.predictor.testing;

import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * A request rate with a daily cycle, as a function of wall-clock time: 100 req/s at night, 300 at
 * mid-day, plus seeded noise of a few percent. The same function feeds training data, the history
 * backfilled into Prometheus and POSTed histories, so a model sees the kind of series it learned.
 */
public final class DailyLoad {

    public static final Duration STEP = Duration.ofMinutes(5);

    private DailyLoad() {
    }

    /** The noise-free rate at {@code t}. */
    public static double at(Instant t) {
        double phase = (t.getEpochSecond() % 86_400) / 86_400.0;
        return 200 - 100 * Math.cos(2 * Math.PI * phase);
    }

    /** {@code steps} values from {@code start} at {@code step}, with seeded noise. */
    public static double[] values(Instant start, Duration step, int steps, long seed) {
        Random random = new Random(seed);
        double[] values = new double[steps];
        for (int i = 0; i < steps; i++) {
            values[i] = at(start.plus(step.multipliedBy(i))) * (1 + 0.03 * random.nextGaussian());
        }
        return values;
    }

    /** The series of {@code days} days at {@link #STEP} ending at {@code end} (exclusive). */
    public static TimeSeries series(Instant end, int days, long seed) {
        int steps = (int) (Duration.ofDays(days).toMillis() / STEP.toMillis());
        Instant start = end.minus(STEP.multipliedBy(steps));
        return new TimeSeries(start, STEP, values(start, STEP, steps, seed));
    }
}

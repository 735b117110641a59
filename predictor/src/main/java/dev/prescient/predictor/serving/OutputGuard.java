package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.Forecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a model's forecast before it is returned: the right number of steps, starting where asked,
 * at the series' step, every value finite and non-negative, p90 at or above p50. {@link Forecast}
 * refuses most of this when it is built; this guard does not rely on that.
 */
public final class OutputGuard {

    private OutputGuard() {
    }

    /** What is wrong with {@code forecast}, or empty when it may be returned. */
    public static Optional<String> problem(Forecast forecast, Instant start, Duration step, int horizonSteps) {
        if (forecast.horizon() != horizonSteps) {
            return Optional.of("it has " + forecast.horizon() + " steps, " + horizonSteps + " were asked for");
        }
        if (!forecast.start().equals(start) || !forecast.step().equals(step)) {
            return Optional.of("it starts at " + forecast.start() + " every " + forecast.step() + ", expected "
                    + start + " every " + step);
        }
        for (int i = 0; i < horizonSteps; i++) {
            double p50 = forecast.p50At(i);
            double p90 = forecast.p90At(i);
            if (!Double.isFinite(p50) || !Double.isFinite(p90) || p50 < 0 || p90 < p50) {
                return Optional.of("step " + i + " has p50=" + p50 + ", p90=" + p90);
            }
        }
        return Optional.empty();
    }
}

package dev.prescient.common.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request for history: the series {@code expression} over [from, to) at {@code step}.
 * For Prometheus the expression is PromQL; a trace file ignores it.
 */
public record HistoryQuery(String expression, Instant from, Instant to, Duration step) {

    public HistoryQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("history range must end after it starts: [" + from + ", " + to + ")");
        }
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("history step must be positive, got " + step);
        }
    }

    /** Number of grid steps in the range. */
    public long steps() {
        long span = Duration.between(from, to).toMillis();
        return -Math.floorDiv(-span, step.toMillis());
    }

    @Override
    public String toString() {
        return "'" + expression + "' over [" + from + ", " + to + ") at " + step;
    }
}

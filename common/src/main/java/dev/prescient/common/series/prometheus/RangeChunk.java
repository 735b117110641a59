package dev.prescient.common.series.prometheus;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code query_range} request: evaluation at {@code start}, {@code start + step}, ... up to
 * and including {@code end} (Prometheus' end is inclusive), {@code points} evaluations in all.
 */
public record RangeChunk(Instant start, Instant end, Duration step, int points) {

    /** Prometheus refuses more than 11,000 points per series in one query_range call. */
    public static final int MAX_POINTS = 11_000;

    /**
     * Splits the grid {@code from + k * step}, {@code k} in [0, steps), into consecutive requests
     * of at most {@code maxPoints} points each. Chunk {@code i + 1} starts one step after chunk
     * {@code i} ends, so the chunks tile the grid without overlap or a missing step.
     */
    public static List<RangeChunk> split(Instant from, long steps, Duration step, int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, got " + maxPoints);
        }
        List<RangeChunk> chunks = new ArrayList<>();
        for (long first = 0; first < steps; first += maxPoints) {
            long last = Math.min(steps, first + maxPoints) - 1;
            chunks.add(new RangeChunk(from.plus(step.multipliedBy(first)), from.plus(step.multipliedBy(last)),
                    step, (int) (last - first + 1)));
        }
        return chunks;
    }

    /** {@code start} as Prometheus expects it: Unix seconds with millisecond decimals. */
    public String startParam() {
        return seconds(start.toEpochMilli());
    }

    public String endParam() {
        return seconds(end.toEpochMilli());
    }

    /** {@code step} in seconds, e.g. "60" or "0.5". */
    public String stepParam() {
        return BigDecimal.valueOf(step.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static String seconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3).toPlainString();
    }
}

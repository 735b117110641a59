package dev.prescient.common.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Puts raw samples on an even grid {@code start + k * step} for {@code k} in [0, n), the single
 * place where Prometheus answers and trace files become {@link TimeSeries}.
 *
 * <ul>
 *   <li>NaN and infinite samples are dropped (and counted).</li>
 *   <li>Samples falling in the same step are averaged (a finer input is resampled to a rate per
 *       its own interval, so units are kept).</li>
 *   <li>Empty steps between two filled ones are linearly interpolated when the missing time is at
 *       most the gap policy's limit, else kept as gaps (NaN). Missing time is the distance between
 *       the two neighbours less the input's own sampling interval, so a coarser input (5 m samples
 *       put on a 1 m grid) is interpolated, not reported as gaps.</li>
 *   <li>Steps before the first or after the last sample stay gaps.</li>
 * </ul>
 */
public final class SeriesRegularizer {

    private SeriesRegularizer() {
    }

    /**
     * @param samples raw samples in any order
     * @param start time of the first grid step
     * @param end exclusive end of the grid
     * @param step grid step
     * @param nativeInterval the input's own sampling interval (equal to {@code step} for Prometheus)
     * @param gaps gap policy
     */
    public static RegularSeries regularize(List<Sample> samples, Instant start, Instant end, Duration step,
                                           Duration nativeInterval, GapPolicy gaps) {
        long stepMs = step.toMillis();
        if (stepMs <= 0) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        long span = Duration.between(start, end).toMillis();
        int n = (int) Math.max(0, -Math.floorDiv(-span, stepMs));
        double[] sum = new double[n];
        int[] count = new int[n];
        int nonFinite = 0;
        int outOfRange = 0;
        for (Sample s : samples) {
            if (!Double.isFinite(s.value())) {
                nonFinite++;
                continue;
            }
            long offset = Duration.between(start, s.time()).toMillis();
            long k = Math.floorDiv(offset, stepMs);
            if (k < 0 || k >= n) {
                outOfRange++;
                continue;
            }
            sum[(int) k] += s.value();
            count[(int) k]++;
        }
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        for (int i = 0; i < n; i++) {
            if (count[i] > 0) {
                values[i] = sum[i] / count[i];
            }
        }
        long allowedMs = Math.max(stepMs, nativeInterval.toMillis()) + gaps.maxInterpolatedGap().toMillis();
        int interpolated = 0;
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (count[i] == 0) {
                continue;
            }
            if (prev >= 0 && i - prev > 1 && (long) (i - prev) * stepMs <= allowedMs) {
                for (int j = prev + 1; j < i; j++) {
                    double f = (double) (j - prev) / (i - prev);
                    values[j] = values[prev] + f * (values[i] - values[prev]);
                    interpolated++;
                }
            }
            prev = i;
        }
        int gapSteps = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                gapSteps++;
            }
        }
        TimeSeries series = new TimeSeries(start, step, values);
        return new RegularSeries(series,
                new SeriesQuality(samples.size(), nonFinite, outOfRange, interpolated, gapSteps));
    }
}

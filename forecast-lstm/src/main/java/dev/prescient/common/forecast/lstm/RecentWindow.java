package dev.prescient.common.forecast.lstm;

import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.series.TimeSeries;

/**
 * The newest steps a forecast needs, scaled, with gaps filled: linearly between the known values
 * around an inner gap, with the newest known value after it, with the oldest before it. More than
 * half gaps is refused, since the forecast would be made up.
 */
final class RecentWindow {

    private RecentWindow() {
    }

    /** Scaled, gap-free copy of the newest {@code steps} values of {@code recent}. */
    static double[] scaledTail(TimeSeries recent, FeatureLayout layout, SeriesScaler scaler) {
        int steps = layout.requiredHistory();
        if (recent.size() < steps) {
            throw new ForecastException("lstm cannot forecast from " + recent + ": it needs the newest " + steps
                    + " steps (one season of " + layout.season() + " plus the input window), got " + recent.size()
                    + "; pass a longer recent history");
        }
        double[] z = new double[steps];
        int offset = recent.size() - steps;
        int gaps = 0;
        for (int i = 0; i < steps; i++) {
            double v = recent.valueAt(offset + i);
            gaps += Double.isNaN(v) ? 1 : 0;
            z[i] = Double.isNaN(v) ? Double.NaN : scaler.scale(v);
        }
        refuseMostlyGaps(recent, gaps, steps);
        refuseMostlyGaps(recent, (int) java.util.Arrays.stream(z, steps - layout.window(), steps)
                .filter(Double::isNaN).count(), layout.window());
        fill(z);
        return z;
    }

    private static void refuseMostlyGaps(TimeSeries recent, int gaps, int steps) {
        if (gaps * 2 > steps) {
            throw new ForecastException("lstm cannot forecast from " + recent + ": " + gaps + " of the newest " + steps
                    + " steps are gaps (at most half may be); wait for fresh data or use a fallback forecaster");
        }
    }

    private static void fill(double[] z) {
        int previous = -1;
        for (int i = 0; i <= z.length; i++) {
            if (i < z.length && Double.isNaN(z[i])) {
                continue;
            }
            for (int g = previous + 1; g < i; g++) {
                z[g] = previous < 0 ? z[i] : i == z.length ? z[previous]
                        : z[previous] + (z[i] - z[previous]) * (g - previous) / (i - previous);
            }
            previous = i;
        }
    }
}

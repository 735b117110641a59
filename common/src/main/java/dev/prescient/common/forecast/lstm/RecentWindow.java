package dev.prescient.common.forecast.lstm;

import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.series.TimeSeries;

/**
 * The newest steps a forecast needs, scaled, with short gaps filled: a gap takes the value one
 * season earlier when known, else the nearest earlier (or, at the start, later) known value. More
 * than half gaps is refused, since the forecast would be made up.
 */
final class RecentWindow {

    private RecentWindow() {
    }

    /** Scaled, gap-free copy of the newest {@code steps} values of {@code recent}. */
    static double[] scaledTail(TimeSeries recent, int steps, int season, SeriesScaler scaler) {
        if (recent.size() < steps) {
            throw new ForecastException("lstm cannot forecast from " + recent + ": it needs the newest " + steps
                    + " steps (one season of " + season + " plus the input window), got " + recent.size()
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
        if (gaps * 2 > steps) {
            throw new ForecastException("lstm cannot forecast from " + recent + ": " + gaps + " of the newest " + steps
                    + " steps are gaps (at most half may be); wait for fresh data or use a fallback forecaster");
        }
        fill(z, season);
        return z;
    }

    private static void fill(double[] z, int season) {
        int firstKnown = -1;
        for (int i = 0; i < z.length; i++) {
            if (Double.isNaN(z[i])) {
                boolean seasonKnown = i >= season && !Double.isNaN(z[i - season]);
                z[i] = seasonKnown ? z[i - season] : (i > 0 ? z[i - 1] : Double.NaN);
            } else if (firstKnown < 0) {
                firstKnown = i;
            }
        }
        for (int i = firstKnown - 1; i >= 0; i--) {
            z[i] = z[i + 1];
        }
    }
}

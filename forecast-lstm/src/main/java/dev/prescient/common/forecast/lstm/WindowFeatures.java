package dev.prescient.common.forecast.lstm;

/**
 * Builds the input of one forecast origin as laid out by {@link FeatureLayout}, from a scaled series.
 * Stateless apart from the layout, so it is shared by training and every forecasting thread.
 */
final class WindowFeatures {

    private final FeatureLayout layout;
    private final long[] periodMillis;

    WindowFeatures(FeatureLayout layout) {
        this.layout = layout;
        this.periodMillis = layout.periods().stream().mapToLong(java.time.Duration::toMillis).toArray();
    }

    FeatureLayout layout() {
        return layout;
    }

    /** The input of one origin, or null when a value it needs is a gap. */
    WindowInput build(double[] z, long startMillis, long stepMillis, int origin) {
        if (!finiteInputs(z, origin)) {
            return null;
        }
        int window = layout.window();
        int season = layout.season();
        int f = layout.stepFeatures();
        float[] seq = new float[window * f];
        for (int k = 0; k < window; k++) {
            int t = origin - window + k;
            seq[k * f] = (float) z[t];
            seq[k * f + 1] = (float) z[t - season];
            writePhases(seq, k * f + 2, startMillis + t * stepMillis);
        }
        float[] dense = new float[layout.denseFeatures()];
        int horizon = layout.horizon();
        for (int l = 0; l < layout.lags().size(); l++) {
            int lag = layout.lags().get(l);
            for (int h = 0; h < horizon; h++) {
                dense[l * horizon + h] = (float) z[origin + h - lag];
            }
        }
        int summaries = horizon * layout.lags().size();
        float base = (float) mean(z, origin - layout.baseSteps(), origin);
        dense[summaries] = (float) z[origin - 1];
        dense[summaries + 1] = base;
        dense[summaries + 2] = (float) mean(z, origin - window, origin);
        writePhases(dense, summaries + FeatureLayout.RECENT_SUMMARIES, startMillis + origin * stepMillis);
        return new WindowInput(seq, dense, base);
    }

    private static double mean(double[] z, int from, int to) {
        double sum = 0;
        for (int t = from; t < to; t++) {
            sum += z[t];
        }
        return sum / (to - from);
    }

    /** Whether the target steps {@code origin .. origin+horizon-1} are all known. */
    boolean finiteTargets(double[] z, int origin) {
        return allFinite(z, origin, origin + layout.horizon());
    }

    private boolean finiteInputs(double[] z, int origin) {
        int from = origin - layout.window();
        return from - layout.season() >= 0 && origin <= z.length
                && allFinite(z, from, origin)
                && allFinite(z, from - layout.season(), origin - layout.season() + layout.horizon())
                && layout.lags().stream().allMatch(lag -> allFinite(z, origin - lag, origin - lag + layout.horizon()));
    }

    private static boolean allFinite(double[] z, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(z[i])) {
                return false;
            }
        }
        return true;
    }

    private void writePhases(float[] out, int offset, long epochMillis) {
        for (int p = 0; p < periodMillis.length; p++) {
            double phase = 2 * Math.PI * Math.floorMod(epochMillis, periodMillis[p]) / periodMillis[p];
            out[offset + 2 * p] = (float) Math.sin(phase);
            out[offset + 2 * p + 1] = (float) Math.cos(phase);
        }
    }
}

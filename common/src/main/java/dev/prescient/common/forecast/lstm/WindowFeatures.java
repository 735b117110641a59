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
        for (int h = 0; h < layout.horizon(); h++) {
            dense[h] = (float) z[origin + h - season];
        }
        writePhases(dense, layout.horizon(), startMillis + origin * stepMillis);
        double sum = 0;
        for (int t = origin - layout.baseSteps(); t < origin; t++) {
            sum += z[t];
        }
        return new WindowInput(seq, dense, (float) (sum / layout.baseSteps()));
    }

    /** Whether the target steps {@code origin .. origin+horizon-1} are all known. */
    boolean finiteTargets(double[] z, int origin) {
        return allFinite(z, origin, origin + layout.horizon());
    }

    private boolean finiteInputs(double[] z, int origin) {
        int from = origin - layout.window();
        return from - layout.season() >= 0 && origin <= z.length
                && allFinite(z, from, origin)
                && allFinite(z, from - layout.season(), origin - layout.season() + layout.horizon());
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

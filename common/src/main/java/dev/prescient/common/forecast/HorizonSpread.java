package dev.prescient.common.forecast;

import java.util.Arrays;

/**
 * How far the p90 lies above the p50, per forecast step {@code h = 1, 2, ...}: the empirical
 * 90th percentile of in-sample errors (actual - forecast), never below zero. Steps beyond the
 * measured ones grow with the square root of the step from the last measured offset, as the spread
 * of a random walk does.
 */
final class HorizonSpread {

    private final double[] offsets;
    private final boolean grows;

    private HorizonSpread(double[] offsets, boolean grows) {
        this.offsets = offsets;
        this.grows = grows;
    }

    /** The same offset at every step (the seasonal naive's single spread). */
    static HorizonSpread constant(double offset) {
        return new HorizonSpread(new double[] {Math.max(0, offset)}, false);
    }

    /**
     * @param errors {@code errors[h - 1]} holds the {@code h}-step in-sample errors in its first
     *               {@code counts[h - 1]} entries
     * @param counts number of errors per step; a step without errors reuses the previous step's offset
     */
    static HorizonSpread fromErrors(double[][] errors, int[] counts) {
        double[] offsets = new double[errors.length];
        double previous = 0;
        for (int h = 0; h < errors.length; h++) {
            if (counts[h] > 0) {
                previous = Math.max(0, ForecastMath.percentile(errors[h], counts[h], ForecastMath.UPPER_QUANTILE));
            }
            offsets[h] = previous;
        }
        return new HorizonSpread(offsets, true);
    }

    /** Offset of p90 over p50 at step {@code h >= 1}. */
    double offset(int h) {
        if (!grows) {
            return offsets[0];
        }
        if (h <= offsets.length) {
            return offsets[h - 1];
        }
        return offsets[offsets.length - 1] * Math.sqrt((double) h / offsets.length);
    }

    @Override
    public String toString() {
        return "HorizonSpread" + Arrays.toString(offsets);
    }
}

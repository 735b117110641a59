package dev.prescient.common.forecast.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a rolling-origin evaluation forecasts and refits, all in steps of the series.
 *
 * <p>An origin {@code o} forecasts {@code [o, o + horizonSteps)} from the history
 * {@code [o - historySteps, o)}. The first origin is {@code historySteps} (the first index with a
 * full history); origins follow every {@code originEvery} steps while the whole horizon lies inside
 * the series. The first origin refits, and so does every origin at least {@code refitEvery} steps
 * after the last refit; the others forecast with the last fitted model from their own newest history.
 *
 * @param historySteps steps of history each origin sees (and each refit trains on)
 * @param horizonSteps steps forecast from each origin
 * @param originEvery steps between consecutive origins
 * @param refitEvery steps between refits
 */
public record RollingOriginSchedule(int historySteps, int horizonSteps, int originEvery, int refitEvery) {

    public RollingOriginSchedule {
        requirePositive("historySteps", historySteps);
        requirePositive("horizonSteps", horizonSteps);
        requirePositive("originEvery", originEvery);
        requirePositive("refitEvery", refitEvery);
    }

    /** One forecast origin: the index of the first forecast step and whether the model is refit there. */
    public record Origin(int index, boolean refit) {
    }

    /** The origins in a series of {@code length} steps; empty when the series is too short for one. */
    public List<Origin> origins(int length) {
        List<Origin> out = new ArrayList<>();
        int lastRefit = Integer.MIN_VALUE;
        for (int o = historySteps; o + horizonSteps <= length; o += originEvery) {
            boolean refit = lastRefit == Integer.MIN_VALUE || o - lastRefit >= refitEvery;
            if (refit) {
                lastRefit = o;
            }
            out.add(new Origin(o, refit));
        }
        return out;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("rolling-origin " + name + " must be positive, got " + value);
        }
    }
}

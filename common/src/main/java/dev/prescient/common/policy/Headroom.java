package dev.prescient.common.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * The learnt headroom in units of the forecast's spread: one pooled value, and — only where the calibration errors of
 * a phase differed from the rest — its own value for that phase. A phase is a bin of {@code binMinutes} of the
 * {@code periodMinutes} cycle (the hour, or the day), so a burst that recurs at some minutes of the hour is covered
 * there and only there without any minute named in code.
 *
 * @param pooled headroom for every phase without its own
 * @param periodMinutes length of the cycle the phases divide (60 or 1440); 0 = no phases
 * @param binMinutes width of one phase bin
 * @param byPhase headroom of the phases that differ, by bin index ({@code minute of the cycle / binMinutes})
 */
public record Headroom(double pooled, int periodMinutes, int binMinutes, Map<Integer, Double> byPhase) {

    public Headroom {
        byPhase = Map.copyOf(new TreeMap<>(byPhase));
        if (!Double.isFinite(pooled) || byPhase.values().stream().anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("headroom must be finite, got " + pooled + " and " + byPhase);
        }
        if (periodMinutes < 0 || (periodMinutes > 0 && (binMinutes < 1 || periodMinutes % binMinutes != 0))) {
            throw new IllegalArgumentException("headroom phase bins of " + binMinutes + " min do not divide a cycle of "
                    + periodMinutes + " min");
        }
        if (periodMinutes == 0 && !byPhase.isEmpty()) {
            throw new IllegalArgumentException("headroom per phase needs a cycle");
        }
        for (int bin : byPhase.keySet()) {
            if (bin < 0 || bin >= periodMinutes / binMinutes) {
                throw new IllegalArgumentException("headroom phase bin " + bin + " is outside the "
                        + periodMinutes / binMinutes + " bins of a " + periodMinutes + "-min cycle");
            }
        }
    }

    /** The same headroom at every phase. */
    public static Headroom uniform(double headroom) {
        return new Headroom(headroom, 0, 0, Map.of());
    }

    /** The headroom at a minute of the day (UTC). */
    public double at(int minuteOfDay) {
        if (periodMinutes == 0 || byPhase.isEmpty()) {
            return pooled;
        }
        Double v = byPhase.get(Math.floorMod(minuteOfDay, periodMinutes) / binMinutes);
        return v == null ? pooled : v;
    }

    /** Whether some phases have their own headroom. */
    public boolean phased() {
        return !byPhase.isEmpty();
    }
}

package dev.prescient.trainer.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a trace at its gaps: every run of known minutes long enough for the history plus one simulated day
 * becomes a {@link Segment}; shorter runs are skipped (their minutes are neither simulated nor counted). A gap is
 * never filled with invented demand.
 */
public final class Segments {

    public static final int MIN_SIMULATED_MINUTES = 1440;

    private Segments() {
    }

    /**
     * @param replayed what the demand is, e.g. {@code trace data/x.csv}, for the error message
     * @param demand per-minute demand, NaN in gaps
     * @param historyMinutes history each segment needs before its first simulated minute
     * @throws IllegalArgumentException naming what was replayed, the longest run and what is needed when no run is long enough
     */
    public static List<Segment> find(String replayed, double[] demand, int historyMinutes) {
        List<Segment> out = new ArrayList<>();
        int longest = 0;
        int m = 0;
        while (m < demand.length) {
            if (Double.isNaN(demand[m])) {
                m++;
                continue;
            }
            int from = m;
            while (m < demand.length && !Double.isNaN(demand[m])) {
                m++;
            }
            longest = Math.max(longest, m - from);
            if (m - from >= historyMinutes + MIN_SIMULATED_MINUTES) {
                out.add(new Segment(from, from + historyMinutes, m));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(replayed + " has no stretch without long gaps of at least "
                    + (historyMinutes + MIN_SIMULATED_MINUTES) + " minutes (the history of " + historyMinutes
                    + " minutes plus one simulated day); its longest is " + longest + " minutes; pick a shorter "
                    + "--history or a span with fewer gaps");
        }
        return out;
    }
}

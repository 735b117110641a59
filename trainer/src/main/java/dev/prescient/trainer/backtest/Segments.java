package dev.prescient.trainer.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a trace at the gaps the models could not see across: a gap at least as long as the history starts a new
 * {@link Segment} (after it, a model would have nothing of before to learn from), while a shorter gap is bridged, as
 * a running cluster lives through a scrape outage, and stays a gap inside its segment. Every stretch long enough for
 * the history plus one simulated day becomes a segment; shorter ones are skipped (their minutes are neither simulated
 * nor counted). A gap is never filled with invented demand.
 */
public final class Segments {

    public static final int MIN_SIMULATED_MINUTES = 1440;

    private Segments() {
    }

    /**
     * @param replayed what the demand is, e.g. {@code trace data/x.csv}, for the error message
     * @param demand per-minute demand, NaN in gaps
     * @param historyMinutes history each segment needs before its first simulated minute; gaps at least this long
     *     split the trace
     * @throws IllegalArgumentException naming what was replayed, the longest stretch and what is needed when no
     *     stretch is long enough
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
            List<Segment.Gap> gaps = new ArrayList<>();
            int end = runEnd(demand, m);
            while (end < demand.length) {
                int next = end;
                while (next < demand.length && Double.isNaN(demand[next])) {
                    next++;
                }
                if (next == demand.length || next - end >= Math.max(1, historyMinutes)) {
                    break;
                }
                gaps.add(new Segment.Gap(end, next));
                end = runEnd(demand, next);
            }
            m = end;
            longest = Math.max(longest, end - from);
            if (end - from >= historyMinutes + MIN_SIMULATED_MINUTES) {
                out.add(new Segment(from, from + historyMinutes, end, gaps));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(replayed + " has no stretch of at least "
                    + (historyMinutes + MIN_SIMULATED_MINUTES) + " minutes (the history of " + historyMinutes
                    + " minutes plus one simulated day) without a gap as long as the history; its longest is "
                    + longest + " minutes; pick a shorter --history or a span with fewer gaps");
        }
        return out;
    }

    /** The first gap minute at or after {@code m}, or the length. */
    private static int runEnd(double[] demand, int m) {
        while (m < demand.length && !Double.isNaN(demand[m])) {
            m++;
        }
        return m;
    }
}

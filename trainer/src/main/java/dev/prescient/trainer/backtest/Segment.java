package dev.prescient.trainer.backtest;

import java.util.List;

/**
 * A part of a trace simulated on its own: its history (for the forecasters, the policy's memory and the reactive
 * HPA) starts at {@code dataFrom}, the simulation runs over [{@code firstMinute}, {@code endMinute}). Gaps shorter
 * than the history are bridged, as a running cluster lives through a scrape outage: their minutes are part of the
 * segment, but nobody knows their demand, so they are not simulated (neither short nor costed) and the controllers
 * see a gap there.
 *
 * @param dataFrom first minute of the segment's data; nothing before it is seen while simulating it
 * @param firstMinute first simulated minute (after the history)
 * @param endMinute exclusive end of the segment
 * @param gaps the bridged gaps inside [{@code dataFrom}, {@code endMinute}), in order and apart
 */
public record Segment(int dataFrom, int firstMinute, int endMinute, List<Gap> gaps) {

    public Segment {
        gaps = List.copyOf(gaps);
        if (dataFrom < 0 || firstMinute < dataFrom || endMinute <= firstMinute) {
            throw new IllegalArgumentException("segment [" + dataFrom + ", " + firstMinute + ", " + endMinute
                    + ") is empty or out of order");
        }
        int previous = dataFrom;
        for (Gap g : gaps) {
            if (g.from() <= previous || g.to() >= endMinute) {
                throw new IllegalArgumentException("gap [" + g.from() + ", " + g.to() + ") is not inside segment ["
                        + dataFrom + ", " + endMinute + ") between known minutes, after the gap before it");
            }
            previous = g.to();
        }
    }

    /** A segment without gaps. */
    public Segment(int dataFrom, int firstMinute, int endMinute) {
        this(dataFrom, firstMinute, endMinute, List.of());
    }

    /** Minutes simulated: the span without its bridged gaps. */
    public int simulatedMinutes() {
        int gapMinutes = 0;
        for (Gap g : gaps) {
            gapMinutes += Math.max(0, g.to() - Math.max(g.from(), firstMinute));
        }
        return spanMinutes() - gapMinutes;
    }

    /** Minutes from the first simulated minute to the end, bridged gaps included. */
    public int spanMinutes() {
        return endMinute - firstMinute;
    }

    /** Whether minute {@code m} is simulated: inside [firstMinute, endMinute) and not in a bridged gap. */
    public boolean simulates(int m) {
        if (m < firstMinute || m >= endMinute) {
            return false;
        }
        for (Gap g : gaps) {
            if (m >= g.from() && m < g.to()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Minutes [from, to) of the trace without a value, bridged inside a segment.
     *
     * @param from first minute of the gap
     * @param to first known minute after it
     */
    public record Gap(int from, int to) {

        public Gap {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("gap [" + from + ", " + to + ") is empty");
            }
        }

        public int minutes() {
            return to - from;
        }
    }
}

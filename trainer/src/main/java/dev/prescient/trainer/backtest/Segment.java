package dev.prescient.trainer.backtest;

/**
 * A part of a trace without long gaps, simulated on its own: its history (for the forecasters, the policy's memory
 * and the reactive HPA) starts at {@code dataFrom}, the simulation runs over [{@code firstMinute}, {@code endMinute}).
 *
 * @param dataFrom first minute of the segment's data; nothing before it is seen while simulating it
 * @param firstMinute first simulated minute (after the history)
 * @param endMinute exclusive end of the segment
 */
public record Segment(int dataFrom, int firstMinute, int endMinute) {

    public Segment {
        if (dataFrom < 0 || firstMinute < dataFrom || endMinute <= firstMinute) {
            throw new IllegalArgumentException("segment [" + dataFrom + ", " + firstMinute + ", " + endMinute
                    + ") is empty or out of order");
        }
    }

    public int simulatedMinutes() {
        return endMinute - firstMinute;
    }
}

package dev.prescient.trainer.backtest;

/**
 * A span during which the prescient policy's forecasts were demoted.
 *
 * @param fromMinute the decision minute at which it was demoted
 * @param toMinute the decision minute at which it was re-enabled, or the end of the simulation
 * @param reason the figure and limit that demoted it
 * @param endReason what re-enabled it, or that the run ended while demoted
 */
public record DemotionInterval(int fromMinute, int toMinute, String reason, String endReason) {

    public static final String STILL_DEMOTED = "still demoted when the run ended";

    public int minutes() {
        return toMinute - fromMinute;
    }
}

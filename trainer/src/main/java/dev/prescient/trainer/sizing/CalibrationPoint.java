package dev.prescient.trainer.sizing;

/**
 * One decision on the calibration span, as the actuator would have taken it: the forecast's p50 and p90 peaks over
 * the window the pods requested then would serve, the demand that came over that window, and the error in units of
 * the forecast's spread ({@link dev.prescient.common.policy.Sizing.Floor#spread}).
 *
 * @param minute index of the decision minute in the history
 * @param minuteOfDay minute of the day (UTC) at which the window starts
 * @param p50Peak forecast p50 peak over the window
 * @param p90Peak forecast p90 peak over the window
 * @param actualPeak observed peak over the window
 */
public record CalibrationPoint(int minute, int minuteOfDay, double p50Peak, double p90Peak, double actualPeak) {

    /** The error in units of the forecast's spread: the headroom that would just have covered this window. */
    public double score() {
        return (actualPeak - p50Peak) / dev.prescient.common.policy.Sizing.Floor.spread(p50Peak, p90Peak);
    }
}

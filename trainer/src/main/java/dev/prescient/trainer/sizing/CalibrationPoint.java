package dev.prescient.trainer.sizing;

import dev.prescient.common.policy.Sizing;

import java.util.List;

/**
 * One decision on the calibration span, as the actuator would have taken it: the forecast's p50 and p90 peaks over
 * the window the pods requested then would serve, the demand that came over that window, and the error in units of
 * the forecast's spread ({@link Sizing.Floor#spread}).
 *
 * @param minute index of the decision minute in the history
 * @param minuteOfDay minute of the day (UTC) at which the window starts
 * @param p50Peak forecast p50 peak over the window
 * @param p90Peak forecast p90 peak over the window
 * @param actualPeak observed peak over the window
 */
public record CalibrationPoint(int minute, int minuteOfDay, double p50Peak, double p90Peak, double actualPeak) {

    /** {@link #score(double)} with the default least spread. */
    public double score() {
        return score(Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION);
    }

    /**
     * The error in units of the forecast's spread, at least {@code minSpreadFraction} of p50: the headroom that would
     * just have covered this window.
     */
    public double score(double minSpreadFraction) {
        return (actualPeak - p50Peak) / Sizing.Floor.spread(p50Peak, p90Peak, minSpreadFraction);
    }

    /**
     * The least spread a sizing learnt from {@code points} counts its headroom in, as a fraction of p50: the median
     * relative error of the p50 peaks, or the default where that is smaller. A model with a sound p90 has a spread
     * about twice that (1.28 against 0.67 standard deviations for normal errors), so the bound holds only where the
     * model's p90 has collapsed towards its p50 and its spread no longer measures its errors.
     */
    public static double minSpreadFraction(List<CalibrationPoint> points) {
        double[] relative = points.stream().filter(p -> p.p50Peak() > 0)
                .mapToDouble(p -> Math.abs(p.actualPeak() - p.p50Peak()) / p.p50Peak()).sorted().toArray();
        if (relative.length == 0) {
            return Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION;
        }
        int n = relative.length;
        double median = n % 2 == 1 ? relative[n / 2] : (relative[n / 2 - 1] + relative[n / 2]) / 2;
        return Math.min(1, Math.max(Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION, median));
    }
}

package dev.prescient.common.forecast;

/**
 * Additive Holt-Winters recursions (level, trend, one seasonal term per step of the season).
 *
 * <p><b>Initialisation</b> from the first two seasons: trend = difference of the two season means
 * divided by the season length; seasonal term {@code i} = mean over both seasons of the value less
 * its season's mean and less the trend's contribution within the season; level = the first
 * season's mean carried by the trend to the season's last step. A straight line thus starts with
 * zero seasonal terms and no error. Smoothing then runs from the first step of the second season.
 *
 * <p><b>Gaps:</b> a gap updates nothing but the clock: the level moves by the trend, trend and
 * seasonal terms stay, and the step adds no error.
 */
final class HoltWintersSmoother {

    /** Smoothing parameters, each in [0, 1]. */
    record Params(double alpha, double beta, double gamma) {
    }

    private final int season;
    private final Params params;
    private final double[] seasonal;
    private double level;
    private double trend;
    /** Index (from the series start) of the next value to be observed. */
    private int t;

    private HoltWintersSmoother(int season, Params params, double[] seasonal, double level, double trend) {
        this.season = season;
        this.params = params;
        this.seasonal = seasonal;
        this.level = level;
        this.trend = trend;
        this.t = season;
    }

    /**
     * Initialises from {@code y[0, 2 * season)}; the smoother then expects {@code y[season]} next.
     *
     * @throws ForecastException when either of the two seasons is all gaps
     */
    static HoltWintersSmoother initialise(double[] y, int season, Params params) {
        double mean0 = seasonMean(y, 0, season);
        double mean1 = seasonMean(y, season, season);
        double trend = (mean1 - mean0) / season;
        double centre = (season - 1) / 2.0;
        double[] seasonal = new double[season];
        for (int i = 0; i < season; i++) {
            double sum = 0;
            int n = 0;
            for (int k = 0; k < 2; k++) {
                double v = y[k * season + i];
                if (!Double.isNaN(v)) {
                    sum += v - (k == 0 ? mean0 : mean1) - trend * (i - centre);
                    n++;
                }
            }
            seasonal[i] = n == 0 ? 0 : sum / n;
        }
        return new HoltWintersSmoother(season, params, seasonal, mean0 + trend * centre, trend);
    }

    private static double seasonMean(double[] y, int from, int season) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < from + season; i++) {
            if (!Double.isNaN(y[i])) {
                sum += y[i];
                n++;
            }
        }
        if (n == 0) {
            throw new ForecastException(HoltWintersForecaster.TYPE + " cannot initialise: steps [" + from + ", "
                    + (from + season) + ") of the series are all gaps; supply a history with fewer gaps");
        }
        return sum / n;
    }

    /** Forecast for the value {@code h >= 1} steps after the newest observed one. */
    double forecast(int h) {
        return level + h * trend + seasonal[Math.floorMod(t - 1 + h, season)];
    }

    /** Observes the next value (NaN = gap) and returns the one-step error, NaN for a gap. */
    double update(double y) {
        int s = t % season;
        double previousLevel = level;
        double error = Double.NaN;
        if (Double.isNaN(y)) {
            level = previousLevel + trend;
        } else {
            error = y - (previousLevel + trend + seasonal[s]);
            level = params.alpha() * (y - seasonal[s]) + (1 - params.alpha()) * (previousLevel + trend);
            trend = params.beta() * (level - previousLevel) + (1 - params.beta()) * trend;
            seasonal[s] = params.gamma() * (y - level) + (1 - params.gamma()) * seasonal[s];
        }
        t++;
        return error;
    }

    /** Initialises on {@code y} and smooths over all of it; the result forecasts past its end. */
    static HoltWintersSmoother run(double[] y, int season, Params params) {
        HoltWintersSmoother s = initialise(y, season, params);
        for (int i = season; i < y.length; i++) {
            s.update(y[i]);
        }
        return s;
    }

    /** Mean squared one-step error over {@code y[season..]}, skipping gaps; infinite if it diverges. */
    static double meanSquaredError(double[] y, int season, Params params) {
        HoltWintersSmoother s = initialise(y, season, params);
        double sum = 0;
        int n = 0;
        for (int i = season; i < y.length; i++) {
            double e = s.update(y[i]);
            if (!Double.isNaN(e)) {
                sum += e * e;
                n++;
            }
        }
        double mse = n == 0 ? Double.POSITIVE_INFINITY : sum / n;
        return Double.isFinite(mse) ? mse : Double.POSITIVE_INFINITY;
    }

    /**
     * The p90 spread from in-sample {@code h}-step errors for {@code h = 1..horizon}: every step of
     * {@code y[season..]} serves as an origin for each horizon step whose actual is known.
     */
    static HorizonSpread horizonSpread(double[] y, int season, Params params, int horizon) {
        HoltWintersSmoother s = initialise(y, season, params);
        double[][] errors = new double[horizon][y.length];
        int[] counts = new int[horizon];
        for (int i = season; i < y.length; i++) {
            for (int h = 1; h <= horizon && i + h - 1 < y.length; h++) {
                double actual = y[i + h - 1];
                if (!Double.isNaN(actual)) {
                    errors[h - 1][counts[h - 1]++] = actual - s.forecast(h);
                }
            }
            s.update(y[i]);
        }
        return HorizonSpread.fromErrors(errors, counts);
    }
}

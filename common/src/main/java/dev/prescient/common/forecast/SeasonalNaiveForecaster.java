package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;

/**
 * Seasonal naive: the forecast for a step is the value one season (one day) earlier.
 *
 * <p><b>p90.</b> One spread for every horizon step: the empirical 90th percentile of the
 * in-sample errors {@code y[t] - y[t - season]} over the training history (pairs touching a gap
 * are skipped), floored at zero. The error of a day-ago forecast does not grow with the horizon
 * (every step looks exactly one season back), so a per-step spread would add nothing.
 *
 * <p><b>Gaps.</b> When the day-ago value is a gap, the nearest non-gap value within
 * {@link #neighbourhood(int) a quarter of an hour's worth of steps} of it is used (the earlier one
 * on a tie); when that whole neighbourhood is a gap, the newest non-gap value of the recent series.
 */
public final class SeasonalNaiveForecaster implements Forecaster {

    public static final String TYPE = "seasonal-naive";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public FittedModel fit(TimeSeries history, ForecastSettings settings) {
        int season = settings.seasonSteps();
        ForecastMath.requireSteps(TYPE, "fit", history, season + 1, "one season of " + season + " steps plus one");
        double[] y = history.values();
        double[] errors = new double[y.length - season];
        int count = 0;
        for (int t = season; t < y.length; t++) {
            double e = y[t] - y[t - season];
            if (!Double.isNaN(e)) {
                errors[count++] = e;
            }
        }
        if (count == 0) {
            throw new ForecastException(TYPE + " cannot fit on " + history + ": no pair of non-gap values one season ("
                    + season + " steps) apart; supply a history with fewer gaps");
        }
        return new Model(season, HorizonSpread.constant(
                ForecastMath.percentile(errors, count, ForecastMath.UPPER_QUANTILE)));
    }

    /** Steps searched either side of a day-ago gap: a quarter of an hour for a daily season, at least one. */
    static int neighbourhood(int seasonSteps) {
        return Math.max(1, seasonSteps / 96);
    }

    /** Remembers the season and the p90 spread; forecasts only from the recent series. */
    static final class Model implements FittedModel {

        private final int season;
        private final HorizonSpread spread;

        Model(int season, HorizonSpread spread) {
            this.season = season;
            this.spread = spread;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public int requiredHistorySteps() {
            return season;
        }

        /** The p90 offset above the p50 (the same at every step). */
        double spread() {
            return spread.offset(1);
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            ForecastMath.requireSteps(TYPE, "forecast", recent, season, "one season");
            double[] y = recent.values();
            int last = ForecastMath.lastFinite(y);
            if (last < 0) {
                throw new ForecastException(TYPE + " cannot forecast from " + recent + ": every value is a gap");
            }
            int radius = neighbourhood(season);
            double[] p50 = new double[horizonSteps];
            for (int h = 1; h <= horizonSteps; h++) {
                int index = y.length + h - 1 - season;
                while (index >= y.length) {
                    index -= season;
                }
                p50[h - 1] = nearestFinite(y, index, radius, y[last]);
            }
            return ForecastMath.forecast(TYPE, recent, p50, spread);
        }

        private static double nearestFinite(double[] y, int index, int radius, double fallback) {
            for (int d = 0; d <= radius; d++) {
                if (index - d >= 0 && !Double.isNaN(y[index - d])) {
                    return y[index - d];
                }
                if (index + d < y.length && !Double.isNaN(y[index + d])) {
                    return y[index + d];
                }
            }
            return fallback;
        }
    }
}

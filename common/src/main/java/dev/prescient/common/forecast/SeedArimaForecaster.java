package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The original tutorial's model, kept as the reference to beat: ARIMA(5,1,0) fitted on the first
 * difference of the series, which is an AR(5) on the second difference.
 *
 * <p><b>Fit:</b> ordinary least squares of {@code d2[t]} on {@code d2[t-1..t-5]}, <em>without an
 * intercept</em> (as ARIMA with differencing has none: a constant in the second difference would
 * forecast a parabola). A row that touches a gap is skipped. The system is solved through the SVD
 * pseudo-inverse, so a degenerate design (a constant or straight-line history, whose second
 * difference is all zeros) gets the minimum-norm answer, zero coefficients, instead of failing.
 *
 * <p><b>Forecast:</b> the AR recursion runs on the second difference of the newest 7 values (gaps
 * in them carried forward from the previous value), then is integrated twice, back to the first
 * difference and to levels.
 *
 * <p><b>p90:</b> per horizon step {@code h}, p50 plus the empirical 90th percentile of the in-sample
 * {@code h}-step errors over the training history, floored at zero (see {@link HorizonSpread}).
 */
public final class SeedArimaForecaster implements Forecaster {

    public static final String TYPE = "seed-arima";

    /** AR order on the second difference. */
    static final int ORDER = 5;
    /** Values a forecast needs: {@link #ORDER} second differences take two more levels. */
    static final int WINDOW = ORDER + 2;
    /** Fewest usable regression rows. */
    static final int MIN_ROWS = 4 * ORDER;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public FittedModel fit(TimeSeries history, ForecastSettings settings) {
        ForecastMath.requireSteps(TYPE, "fit", history, WINDOW + MIN_ROWS,
                MIN_ROWS + " regression rows of " + ORDER + " lags on the second difference");
        double[] y = history.values();
        double[][] x = new double[y.length][];
        double[] target = new double[y.length];
        int rows = 0;
        for (int t = WINDOW; t < y.length; t++) {
            double[] d2 = secondDifferences(y, t - WINDOW, WINDOW + 1);
            if (d2 != null) {
                x[rows] = reversed(d2, 0, ORDER);
                target[rows++] = d2[ORDER];
            }
        }
        if (rows < MIN_ROWS) {
            throw new ForecastException(TYPE + " cannot fit on " + history + ": only " + rows
                    + " regression rows avoid gaps, needs " + MIN_ROWS + "; supply a history with fewer gaps");
        }
        double[] phi = solve(Arrays.copyOf(x, rows), Arrays.copyOf(target, rows));
        return new ArimaModel(phi, inSampleSpread(y, phi, settings.horizonSteps()));
    }

    private static double[] solve(double[][] x, double[] target) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(x, false)).getSolver()
                .solve(new ArrayRealVector(target, false)).toArray();
    }

    /** Second differences of {@code y[from, from + length)}, or null when any value is a gap. */
    static double[] secondDifferences(double[] y, int from, int length) {
        double[] d2 = new double[length - 2];
        for (int i = 0; i < d2.length; i++) {
            int t = from + i + 2;
            d2[i] = y[t] - 2 * y[t - 1] + y[t - 2];
            if (Double.isNaN(d2[i])) {
                return null;
            }
        }
        return d2;
    }

    /** {@code values[to - 1], values[to - 2], ..., values[from]}: the newest lag first. */
    private static double[] reversed(double[] values, int from, int to) {
        double[] out = new double[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[to - 1 - i];
        }
        return out;
    }

    /**
     * Median path for {@code horizon} steps after {@code window}, the newest {@link #WINDOW}
     * levels with no gaps: AR recursion on the second difference, integrated twice.
     */
    static double[] path(double[] window, double[] phi, int horizon) {
        double[] lags = reversed(secondDifferences(window, 0, WINDOW), 0, ORDER);
        double d1 = window[WINDOW - 1] - window[WINDOW - 2];
        double level = window[WINDOW - 1];
        double[] out = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            double d2 = 0;
            for (int i = 0; i < ORDER; i++) {
                d2 += phi[i] * lags[i];
            }
            System.arraycopy(lags, 0, lags, 1, ORDER - 1);
            lags[0] = d2;
            d1 += d2;
            level += d1;
            out[h] = level;
        }
        return out;
    }

    private static HorizonSpread inSampleSpread(double[] y, double[] phi, int horizon) {
        double[][] errors = new double[horizon][y.length];
        int[] counts = new int[horizon];
        for (int origin = WINDOW; origin < y.length; origin++) {
            double[] window = Arrays.copyOfRange(y, origin - WINDOW, origin);
            if (secondDifferences(window, 0, WINDOW) == null) {
                continue;
            }
            double[] forecast = path(window, phi, Math.min(horizon, y.length - origin));
            for (int h = 0; h < forecast.length; h++) {
                if (!Double.isNaN(y[origin + h])) {
                    errors[h][counts[h]++] = y[origin + h] - forecast[h];
                }
            }
        }
        return HorizonSpread.fromErrors(errors, counts);
    }

    /** AR coefficients on the second difference and the p90 spread. */
    static final class ArimaModel implements FittedModel {

        private final double[] phi;
        private final HorizonSpread spread;

        ArimaModel(double[] phi, HorizonSpread spread) {
            this.phi = phi;
            this.spread = spread;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public int requiredHistorySteps() {
            return WINDOW;
        }

        /** Coefficients for lags 1..5 of the second difference. */
        double[] coefficients() {
            return phi.clone();
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            ForecastMath.requireSteps(TYPE, "forecast", recent, WINDOW, WINDOW + " levels for " + ORDER + " lags");
            double[] y = recent.values();
            if (ForecastMath.lastFinite(y) < 0) {
                throw new ForecastException(TYPE + " cannot forecast from " + recent + ": every value is a gap");
            }
            double[] filled = ForecastMath.carryForward(y);
            double[] window = Arrays.copyOfRange(filled, filled.length - WINDOW, filled.length);
            return ForecastMath.forecast(TYPE, recent, path(window, phi, horizonSteps), spread);
        }

        @Override
        public String toString() {
            return "ArimaModel" + Arrays.toString(phi);
        }
    }
}

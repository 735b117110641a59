package dev.prescient.common.forecast;

import dev.prescient.common.forecast.HoltWintersSmoother.Params;
import dev.prescient.common.series.TimeSeries;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Additive Holt-Winters with a daily season. {@link #fit} chooses alpha, beta and gamma in [0, 1]
 * minimising the mean squared one-step error over the history: Nelder-Mead (Apache Commons Math)
 * on the logits of the three parameters, so the search is unbounded while the parameters stay
 * inside (0, 1). (Commons Math's bounded BOBYQA was tried first and aborted with "trust region
 * step has failed to reduce Q" on the real traces.) The fitted model re-runs the smoothing, with those
 * parameters, over whatever recent series it is given, so between refits it forecasts from the
 * newest data.
 *
 * <p><b>p90:</b> per horizon step {@code h}, p50 plus the empirical 90th percentile of the
 * in-sample {@code h}-step errors over the training history (every step an origin), floored at
 * zero; beyond the trained horizon the last offset grows with the square root of {@code h}.
 */
public final class HoltWintersForecaster implements Forecaster {

    public static final String TYPE = "holt-winters";

    private static final double[] START = {0.2, 0.02, 0.2};
    private static final int MAX_EVALUATIONS = 2000;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public FittedModel fit(TimeSeries history, ForecastSettings settings) {
        int season = settings.seasonSteps();
        ForecastMath.requireSteps(TYPE, "fit", history, 2 * season, "two seasons of " + season + " steps to initialise");
        double[] y = history.values();
        Params params = optimise(y, season);
        HorizonSpread spread = HoltWintersSmoother.horizonSpread(y, season, params, settings.horizonSteps());
        return new HoltWintersModel(season, params, spread);
    }

    private static Params optimise(double[] y, int season) {
        MultivariateFunction mse = z -> HoltWintersSmoother.meanSquaredError(y, season, fromLogits(z));
        double[] start = new double[START.length];
        for (int i = 0; i < start.length; i++) {
            start[i] = Math.log(START[i] / (1 - START[i]));
        }
        SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-9, 1e-12));
        try {
            PointValuePair best = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(mse),
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(start.length, 1.0));
            return fromLogits(best.getPoint());
        } catch (TooManyEvaluationsException e) {
            throw new ForecastException(TYPE + " cannot fit: the parameter search did not converge within "
                    + MAX_EVALUATIONS + " evaluations on " + y.length + " steps", e);
        }
    }

    private static Params fromLogits(double[] z) {
        return new Params(logistic(z[0]), logistic(z[1]), logistic(z[2]));
    }

    private static double logistic(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Fitted parameters and p90 spread; smooths the recent series on every forecast. */
    static final class HoltWintersModel implements FittedModel {

        private final int season;
        private final Params params;
        private final HorizonSpread spread;

        HoltWintersModel(int season, Params params, HorizonSpread spread) {
            this.season = season;
            this.params = params;
            this.spread = spread;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public int requiredHistorySteps() {
            return 2 * season;
        }

        Params params() {
            return params;
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            ForecastMath.requireSteps(TYPE, "forecast", recent, 2 * season, "two seasons to initialise");
            HoltWintersSmoother smoother = HoltWintersSmoother.run(recent.values(), season, params);
            double[] p50 = new double[horizonSteps];
            for (int h = 1; h <= horizonSteps; h++) {
                p50[h - 1] = smoother.forecast(h);
            }
            return ForecastMath.forecast(TYPE, recent, p50, spread);
        }

        @Override
        public String toString() {
            return "HoltWintersModel[" + params + ", season=" + season + "]";
        }
    }
}

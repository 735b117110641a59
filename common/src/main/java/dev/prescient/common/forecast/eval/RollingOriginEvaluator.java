package dev.prescient.common.forecast.eval;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.eval.RollingOriginSchedule.Origin;
import dev.prescient.common.series.TimeSeries;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the rolling-origin protocol of a {@link RollingOriginSchedule} for one forecaster and scores
 * it. At each origin the model sees only the previous {@code historySteps}: a refit trains on them,
 * and every origin forecasts with {@link FittedModel#forecast} from them, so between refits the
 * model forecasts from the newest data. Actuals that are gaps are not scored. The MASE scale of an
 * origin is the in-sample MAE of the one-season naive forecast over that origin's history.
 *
 * <p>A fit that throws keeps the previous model (counted); a forecast that throws, or an origin with
 * no model yet, is not scored (counted). Before the first timed forecast the first model is called
 * {@link #WARMUP_CALLS} times on the first origin's history, untimed and unscored, so the latency
 * figures measure compiled code rather than the JIT warming up.
 */
public final class RollingOriginEvaluator {

    static final int WARMUP_CALLS = 200;

    private final RollingOriginSchedule schedule;
    private final ForecastSettings settings;

    /**
     * @param settings what each fit is told; its horizon must equal the schedule's
     */
    public RollingOriginEvaluator(RollingOriginSchedule schedule, ForecastSettings settings) {
        if (settings.horizonSteps() != schedule.horizonSteps()) {
            throw new IllegalArgumentException("forecast settings horizon " + settings.horizonSteps()
                    + " differs from the schedule's " + schedule.horizonSteps());
        }
        this.schedule = schedule;
        this.settings = settings;
    }

    /**
     * @throws ForecastException when the series is too short for a single origin
     */
    public ForecasterScore evaluate(TimeSeries series, Forecaster forecaster, EvaluationListener listener) {
        List<Origin> origins = schedule.origins(series.size());
        if (origins.isEmpty()) {
            throw new ForecastException("cannot evaluate " + forecaster.type() + " on " + series + ": needs at least "
                    + (schedule.historySteps() + schedule.horizonSteps()) + " steps (history plus horizon), got "
                    + series.size());
        }
        int refits = (int) origins.stream().filter(Origin::refit).count();
        try (Run run = new Run(forecaster, series.values(), origins.size(), refits, listener)) {
            for (Origin origin : origins) {
                run.step(series, origin);
            }
            return run.score();
        }
    }

    /** State of one evaluation: the current model, the running scores and timings. */
    private final class Run implements AutoCloseable {

        private final Forecaster forecaster;
        private final double[] values;
        private final int origins;
        private final int plannedRefits;
        private final EvaluationListener listener;
        private final ScoreAccumulator scores = new ScoreAccumulator();
        private final long[] fitNanos;
        private final long[] forecastNanos;
        private int refits;
        private int forecasts;
        private int failedFits;
        private int failedForecasts;
        private FittedModel model;

        Run(Forecaster forecaster, double[] values, int origins, int plannedRefits, EvaluationListener listener) {
            this.forecaster = forecaster;
            this.values = values;
            this.origins = origins;
            this.plannedRefits = plannedRefits;
            this.listener = listener;
            this.fitNanos = new long[plannedRefits];
            this.forecastNanos = new long[origins];
        }

        void step(TimeSeries series, Origin origin) {
            int o = origin.index();
            TimeSeries history = series.slice(o - schedule.historySteps(), o);
            if (origin.refit()) {
                refit(history, o);
            }
            Forecast forecast = forecast(history, o);
            if (forecast == null) {
                failedForecasts++;
                return;
            }
            listener.forecastMade(forecaster.type(), o, forecast);
            double[] actual = Arrays.copyOfRange(values, o, o + schedule.horizonSteps());
            double scale = Metrics.seasonalNaiveMae(Arrays.copyOfRange(values, o - schedule.historySteps(), o),
                    settings.seasonSteps());
            scores.add(actual, forecast.p50(), forecast.p90(), scale);
        }

        private void refit(TimeSeries history, int origin) {
            long start = System.nanoTime();
            try {
                FittedModel fitted = forecaster.fit(history, settings);
                fitNanos[refits++] = System.nanoTime() - start;
                close();
                model = fitted;
                listener.refitted(forecaster.type(), refits, plannedRefits, fitNanos[refits - 1] / 1e9);
            } catch (ForecastException e) {
                failedFits++;
                listener.failed(forecaster.type(), origin, e.getMessage());
            }
        }

        private Forecast forecast(TimeSeries history, int origin) {
            if (model == null) {
                return null;
            }
            try {
                if (forecasts == 0) {
                    warmUp(history);
                }
                long start = System.nanoTime();
                Forecast forecast = model.forecast(history, schedule.horizonSteps());
                forecastNanos[forecasts++] = System.nanoTime() - start;
                return forecast;
            } catch (ForecastException e) {
                listener.failed(forecaster.type(), origin, e.getMessage());
                return null;
            }
        }

        private void warmUp(TimeSeries history) {
            for (int i = 0; i < WARMUP_CALLS; i++) {
                model.forecast(history, schedule.horizonSteps());
            }
        }

        ForecasterScore score() {
            long[] fits = Arrays.copyOf(fitNanos, refits);
            double fitMean = Arrays.stream(fits).average().orElse(Double.NaN) / 1e9;
            double fitMax = Arrays.stream(fits).max().stream().mapToDouble(n -> n / 1e9).findFirst().orElse(Double.NaN);
            double[] micros = Arrays.stream(forecastNanos, 0, forecasts).mapToDouble(n -> n / 1e3).toArray();
            return new ForecasterScore(forecaster.type(), origins, refits, failedFits, failedForecasts,
                    scores.points(), scores.mae(), scores.smapePercent(), scores.mase(), scores.maseOrigins(),
                    scores.coveragePercent(), fitMean, fitMax,
                    Metrics.percentile(micros, 50), Metrics.percentile(micros, 99));
        }

        @Override
        public void close() {
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }
}

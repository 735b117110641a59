package dev.prescient.trainer.sizing;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.series.TimeSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * The forecasts a model makes on data it never trained on, for learning the sizing: a model of the same forecaster is
 * fitted on the history before the calibration span (the newest {@code spanSteps} steps — see {@link #spanSteps}; the
 * model trains on at most {@code trainSteps} before it) and forecasts from every origin in the span, every {@code originEvery} steps, as the
 * predictor would have served them. The model that goes to production trains on the whole history; this one exists
 * only to measure the errors such a model makes at the decision the actuator takes.
 */
public final class CalibrationReplay {

    /**
     * The shortest full calibration span: three days, so that one quiet or one wild day does not decide the sizing.
     */
    public static final int MIN_SPAN_DAYS = 3;
    /**
     * The longest: a week. A workload whose history is set longer than three days (a weekly cycle is the reason to)
     * is calibrated over as many days as its history, up to a week, so that every day of its cycle is among them.
     */
    public static final int MAX_SPAN_DAYS = 7;
    /** The calibration model trains on at least this many days before the span. */
    public static final int MIN_TRAIN_DAYS = 2;

    private CalibrationReplay() {
    }

    /**
     * Days of the full calibration span of a workload with {@code history}: its whole days, at least
     * {@link #MIN_SPAN_DAYS} and at most {@link #MAX_SPAN_DAYS}.
     */
    public static int spanDays(java.time.Duration history) {
        long days = -Math.floorDiv(-history.toMinutes(), 1440L);
        return (int) Math.max(MIN_SPAN_DAYS, Math.min(MAX_SPAN_DAYS, days));
    }

    /**
     * The calibration span for a history of {@code availableSteps} steps: up to {@code spanDays} days (see
     * {@link #spanDays}), leaving at least {@link #MIN_TRAIN_DAYS} days before it to train on, and at least one day.
     * The trainer reads the workload's {@code history} plus {@code spanDays} days, so in steady state the calibration
     * model trains on as much history as the production model.
     */
    public static int spanSteps(int availableSteps, int seasonSteps, int spanDays) {
        return Math.max(seasonSteps, Math.min(spanDays * seasonSteps, availableSteps - MIN_TRAIN_DAYS * seasonSteps));
    }

    /**
     * @param history the history up to now (the calibration span is its end)
     * @param spanSteps steps of the calibration span
     * @param trainSteps at most this many steps before the span train the calibration model
     * @param originEvery steps between two forecast origins in the span
     * @return the forecasts in origin order; an origin whose forecast fails is left out
     * @throws ForecastException naming the forecaster when the history is too short or the fit fails
     */
    public static List<Forecast> replay(Forecaster forecaster, TimeSeries history, int spanSteps, int trainSteps,
                                        ForecastSettings settings, int originEvery) {
        int spanStart = history.size() - spanSteps;
        if (spanStart < settings.seasonSteps() + settings.horizonSteps()) {
            throw new ForecastException("cannot learn the sizing from " + history + ": the " + spanSteps
                    + "-step calibration span leaves " + Math.max(0, spanStart) + " steps to train on, needs at least "
                    + (settings.seasonSteps() + settings.horizonSteps()));
        }
        TimeSeries train = history.slice(Math.max(0, spanStart - trainSteps), spanStart);
        List<Forecast> out = new ArrayList<>();
        try (FittedModel model = forecaster.fit(train, settings)) {
            for (int o = spanStart; o < history.size(); o += originEvery) {
                int from = Math.max(0, o - Math.max(model.requiredHistorySteps(), trainSteps));
                try {
                    out.add(model.forecast(history.slice(from, o), settings.horizonSteps()));
                } catch (ForecastException e) {
                    // an origin the model cannot forecast from (e.g. only gaps) is not part of the calibration
                }
            }
        }
        return out;
    }
}

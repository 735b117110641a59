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
 * fitted on the history before the calibration span (the newest {@code spanSteps} steps, at most
 * {@code trainSteps} long) and forecasts from every origin in the span, every {@code originEvery} steps, as the
 * predictor would have served them. The model that goes to production trains on the whole history; this one exists
 * only to measure the errors such a model makes at the decision the actuator takes.
 */
public final class CalibrationReplay {

    private CalibrationReplay() {
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

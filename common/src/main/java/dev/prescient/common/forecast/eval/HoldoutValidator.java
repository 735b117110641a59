package dev.prescient.common.forecast.eval;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;

import java.util.Arrays;

/**
 * Scores fitted models on the newest part of a training history, the validation window, so a freshly
 * trained model, the baselines and the current production model are compared on exactly the same
 * origins and actuals. An origin every {@code originEvery} steps from {@code validationStart} while a
 * whole horizon fits; each origin forecasts from the history before it. MASE divides by the in-sample
 * MAE of the one-season naive forecast over the history before the validation window.
 */
public final class HoldoutValidator {

    private final TimeSeries history;
    private final int validationStart;
    private final int horizon;
    private final int originEvery;
    private final double scale;

    /**
     * @param history the whole training history
     * @param validationStart index where the validation window starts
     * @param seasonSteps steps in one season, for the MASE scale
     */
    public HoldoutValidator(TimeSeries history, int validationStart, int horizon, int originEvery, int seasonSteps) {
        if (validationStart <= seasonSteps || validationStart + horizon > history.size()) {
            throw new ForecastException("validation window starting at step " + validationStart + " of a "
                    + history.size() + "-step history leaves no room for one season before it and one horizon in it");
        }
        this.history = history;
        this.validationStart = validationStart;
        this.horizon = horizon;
        this.originEvery = originEvery;
        this.scale = Metrics.seasonalNaiveMae(Arrays.copyOfRange(history.values(), 0, validationStart), seasonSteps);
    }

    /** The history before the validation window: what a model that must not see the window trains on. */
    public TimeSeries trainingPart() {
        return history.slice(0, validationStart);
    }

    public int validationStart() {
        return validationStart;
    }

    /**
     * @throws ForecastException when the model cannot forecast at any origin
     */
    public ValidationMetrics score(FittedModel model) {
        double absError = 0;
        long points = 0;
        long covered = 0;
        double[] values = history.values();
        for (int o = validationStart; o + horizon <= values.length; o += originEvery) {
            int from = Math.max(0, o - model.requiredHistorySteps());
            Forecast f = model.forecast(history.slice(from, o), horizon);
            for (int h = 0; h < horizon; h++) {
                double actual = values[o + h];
                if (Double.isNaN(actual)) {
                    continue;
                }
                absError += Math.abs(actual - f.p50At(h));
                covered += actual <= f.p90At(h) ? 1 : 0;
                points++;
            }
        }
        if (points == 0) {
            throw new ForecastException("no validation point to score " + model.type() + " on: the window from step "
                    + validationStart + " holds only gaps");
        }
        double mae = absError / points;
        return new ValidationMetrics(mae, scale > 0 ? mae / scale : Double.NaN, (double) covered / points);
    }
}

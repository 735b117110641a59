package dev.prescient.trainer.training;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.HoltWintersForecaster;
import dev.prescient.common.forecast.SeasonalNaiveForecaster;
import dev.prescient.common.forecast.SeedArimaForecaster;
import dev.prescient.common.forecast.lstm.LstmConfig;
import dev.prescient.common.forecast.lstm.LstmForecaster;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.forecast.eval.HoldoutValidator;
import dev.prescient.common.series.TimeSeries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * Trains one model and validates it against the baselines on the same, most recent window: the
 * model trains on the whole history (holding the window out internally for early stopping), each
 * baseline fits on the history before the window, and all are scored by one {@link HoldoutValidator}.
 */
public final class ModelTraining {

    private static final Logger LOG = Logger.getLogger(ModelTraining.class);

    /** Share of the history's forecast windows that form the validation window. */
    public static final double VALIDATION_FRACTION = 0.2;
    public static final List<String> BASELINES = List.of("seasonal-naive", "holt-winters", "seed-arima");

    private final ForecasterRegistry registry;
    private final List<String> baselines;
    private final int originEvery;

    public ModelTraining(ForecasterRegistry registry, List<String> baselines, int originEvery) {
        this.registry = registry;
        this.baselines = List.copyOf(baselines);
        this.originEvery = originEvery;
    }

    public static ModelTraining standard() {
        return new ModelTraining(ForecasterRegistry.defaults(), BASELINES, 5);
    }

    /** The standard baselines with an {@code lstm} of the given hyper-parameters. */
    public static ModelTraining standard(LstmConfig lstm) {
        ForecasterRegistry forecasters = new ForecasterRegistry(List.of(new SeasonalNaiveForecaster(),
                new HoltWintersForecaster(), new SeedArimaForecaster(), new LstmForecaster(lstm)));
        return new ModelTraining(forecasters, BASELINES, 5);
    }

    /**
     * @throws ForecastException naming the workload and forecaster when training or validation fails
     */
    public TrainedModel train(String workload, String type, TimeSeries history, ForecastSettings settings) {
        long start = System.nanoTime();
        HoldoutValidator validator = validator(history, settings);
        FittedModel model = registry.get(type).fit(history, settings);
        try {
            Map<String, ValidationMetrics> metrics = new LinkedHashMap<>();
            metrics.put(type, validator.score(model));
            for (String baseline : baselines) {
                if (!baseline.equals(type)) {
                    metrics.put(baseline, scoreBaseline(baseline, validator, settings));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LOG.infof("trained %s for %s in %.1f s; validation %s", type, workload, seconds, metrics);
            return new TrainedModel(workload, model, metrics, seconds);
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof ForecastException fe ? fe : new ForecastException("cannot validate " + type
                    + " model for " + workload + ": " + e.getMessage(), e);
        }
    }

    /** The forecaster {@link #train} fits for {@code type}, with its settings: what the sizing's calibration refits. */
    public Forecaster forecaster(String type) {
        return registry.get(type);
    }

    /**
     * The validator {@link #train} scores with on this history, so that another model (the one in
     * production) can be scored on the same window.
     */
    public HoldoutValidator validator(TimeSeries history, ForecastSettings settings) {
        return new HoldoutValidator(history, validationStart(history.size(), settings), settings.horizonSteps(),
                originEvery, settings.seasonSteps());
    }

    private ValidationMetrics scoreBaseline(String baseline, HoldoutValidator validator, ForecastSettings settings) {
        try (FittedModel fitted = registry.get(baseline).fit(validator.trainingPart(), settings)) {
            return validator.score(fitted);
        }
    }

    /**
     * First step of the validation window: the newest {@link #VALIDATION_FRACTION} of the history's forecast
     * windows (a window needs one season before it and one horizon in it), as the lstm holds out.
     */
    static int validationStart(int length, ForecastSettings settings) {
        int windows = length - settings.seasonSteps() - settings.horizonSteps() + 1;
        if (windows < 2) {
            throw new ForecastException("history of " + length + " steps is too short to validate: it needs one season ("
                    + settings.seasonSteps() + ") plus one horizon (" + settings.horizonSteps() + ") and more");
        }
        int held = (int) Math.ceil(VALIDATION_FRACTION * windows);
        return length - settings.horizonSteps() - held + 1;
    }
}

package dev.prescient.common.forecast.lstm;

import ai.djl.Device;
import ai.djl.Model;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Quantile LSTM (type {@code lstm}) on DJL's PyTorch engine, CPU, one thread. It reads the recent
 * window and the same window one season earlier, the season-ago values of the horizon and the wall
 * clock, and emits p50 and p90 for every horizon step in one pass. See {@code FeatureLayout},
 * {@code LstmQuantileNetwork}, {@code LstmTrainingLoop} and {@code QuantileCalibration}.
 */
public final class LstmForecaster implements Forecaster {

    public static final String TYPE = "lstm";

    /** Fewest gap-free windows to train on and to validate on. */
    static final int MIN_TRAIN_WINDOWS = 32;
    static final int MIN_VALIDATION_WINDOWS = 8;

    private static final Logger LOG = Logger.getLogger(LstmForecaster.class);

    private final LstmConfig config;

    public LstmForecaster() {
        this(LstmConfig.defaults());
    }

    public LstmForecaster(LstmConfig config) {
        this.config = config;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public LstmModel fit(TimeSeries history, ForecastSettings settings) {
        checkSettings(history, settings);
        Duration span = history.step().multipliedBy(history.size());
        FeatureLayout layout = FeatureLayout.of(config, history.step(), settings.horizonSteps(),
                settings.seasonSteps(), span);
        checkLength(history, layout);
        double[] values = history.values();
        SeriesScaler scaler = SeriesScaler.fit(values);
        if (scaler == null) {
            throw new ForecastException("lstm cannot train on " + history + ": every value is a gap; "
                    + "check the history query");
        }
        WindowFeatures features = new WindowFeatures(layout);
        WindowDataset data = WindowDataset.build(features, scaler.scaleAll(values), history.start().toEpochMilli(),
                history.step().toMillis(), config.validationFraction());
        checkWindows(history, data);
        TorchRuntime.engine();
        Model model = Model.newInstance(TYPE, Device.cpu(), TorchRuntime.ENGINE);
        try {
            model.setBlock(new LstmQuantileNetwork(layout.horizon(), layout.lags().size(), config.hiddenSize(), config.headSize()));
            TrainingOutcome outcome = new LstmTrainingLoop(config, settings.seed()).train(model, data);
            RawQuantiles validation = LstmTrainingLoop.predict(model, data.validation());
            double offset = QuantileCalibration.p90Offset(data.validation(), validation);
            ValidationMetrics metrics = ValidationScoring.score(data.validation(), validation, scaler, offset,
                    ValidationScoring.seasonalNaiveMae(values, layout.season()));
            LOG.debugf("lstm trained on %s: %s, validation %s", history, outcome, metrics);
            LstmModel.Description description = new LstmModel.Description(config, history.step(), history.start(),
                    history.end(), metrics, outcome);
            return new LstmModel(model, layout, scaler, offset, description);
        } catch (RuntimeException e) {
            model.close();
            throw e instanceof ForecastException fe ? fe
                    : new ForecastException("lstm training on " + history + " failed: " + e.getMessage(), e);
        }
    }

    /** Loads a model saved with {@code ModelArtifacts.save}, verifying its format and parameter hash. */
    public static LstmModel load(java.nio.file.Path dir) {
        return new LstmModelLoader().load(dev.prescient.common.forecast.artifact.ModelArtifacts.read(dir));
    }

    private static void checkSettings(TimeSeries history, ForecastSettings settings) {
        if (!history.step().equals(settings.step())) {
            throw new ForecastException("lstm cannot train on " + history + ": its step differs from the settings' "
                    + settings.step() + "; resample the history");
        }
        if (settings.horizonSteps() > settings.seasonSteps()) {
            throw new ForecastException("lstm cannot forecast " + settings.horizonSteps()
                    + " steps: the horizon may not exceed one season (" + settings.seasonSteps() + " steps)");
        }
    }

    private static void checkLength(TimeSeries history, FeatureLayout layout) {
        int needed = layout.requiredHistory() + layout.horizon() + MIN_TRAIN_WINDOWS + MIN_VALIDATION_WINDOWS;
        if (history.size() < needed) {
            throw new ForecastException("lstm cannot train on " + history + ": history too short, it needs at least "
                    + needed + " steps (one season of " + layout.season() + ", window " + layout.window()
                    + ", horizon " + layout.horizon() + " and " + (MIN_TRAIN_WINDOWS + MIN_VALIDATION_WINDOWS)
                    + " windows to learn from), got " + history.size() + "; supply a longer history");
        }
    }

    private static void checkWindows(TimeSeries history, WindowDataset data) {
        if (data.train().size() < MIN_TRAIN_WINDOWS || data.validation().size() < MIN_VALIDATION_WINDOWS) {
            throw new ForecastException("lstm cannot train on " + history + ": only " + data.train().size()
                    + " training and " + data.validation().size() + " validation windows are free of gaps (needs "
                    + MIN_TRAIN_WINDOWS + " and " + MIN_VALIDATION_WINDOWS + "); supply a history with fewer gaps");
        }
    }
}

package dev.prescient.common.forecast.lstm;

import ai.djl.Model;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.PersistableModel;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained LSTM. Safe for concurrent {@link #forecast} calls: each call borrows its own DJL
 * predictor from a pool, without a shared lock. Owns the DJL model; {@link #close()} refuses new
 * forecasts, waits for running ones, then releases the predictors and the model.
 */
public final class LstmModel implements PersistableModel {

    private final Model model;
    private final PredictorPool predictors;
    private final WindowFeatures features;
    private final SeriesScaler scaler;
    private final double p90Offset;
    private final QuantileDecoder decoder;
    private final Description description;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * What the model was trained with and on, for manifests.
     *
     * @param config hyper-parameters
     * @param step series step
     * @param trainingFrom first training time
     * @param trainingTo end of the training history
     * @param metrics accuracy on the validation windows
     * @param outcome how training ended, or null for a loaded model
     */
    record Description(LstmConfig config, Duration step, Instant trainingFrom, Instant trainingTo,
                       ValidationMetrics metrics, TrainingOutcome outcome) {
    }

    LstmModel(Model model, FeatureLayout layout, SeriesScaler scaler, double p90Offset, Description description) {
        this.model = model;
        this.features = new WindowFeatures(layout);
        this.scaler = scaler;
        this.p90Offset = p90Offset;
        this.decoder = new QuantileDecoder(scaler, p90Offset);
        this.description = description;
        int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.predictors = new PredictorPool(model, new WindowTranslator(layout), poolSize);
    }

    @Override
    public String type() {
        return LstmForecaster.TYPE;
    }

    @Override
    public int requiredHistorySteps() {
        return features.layout().requiredHistory();
    }

    /** The fixed horizon the network emits; shorter forecasts are cut from it. */
    public int horizonSteps() {
        return features.layout().horizon();
    }

    public ValidationMetrics validationMetrics() {
        return description.metrics();
    }

    @Override
    public Forecast forecast(TimeSeries recent, int horizonSteps) {
        FeatureLayout layout = features.layout();
        if (horizonSteps < 1 || horizonSteps > layout.horizon()) {
            throw new ForecastException("lstm cannot forecast " + horizonSteps + " steps: it was trained for 1.."
                    + layout.horizon() + "; retrain with a longer horizon");
        }
        if (!recent.step().equals(description.step())) {
            throw new ForecastException("lstm cannot forecast from " + recent + ": it was trained at step "
                    + description.step() + "; resample the series to that step");
        }
        int steps = layout.requiredHistory();
        double[] z = RecentWindow.scaledTail(recent, layout, scaler);
        long startMillis = recent.timeAt(recent.size() - steps).toEpochMilli();
        WindowInput input = features.build(z, startMillis, recent.step().toMillis(), steps);
        return decoder.decode(predictors.predict(input), recent.end(), recent.step(), horizonSteps);
    }

    @Override
    public ModelManifest manifest() {
        FeatureLayout layout = features.layout();
        Map<String, Double> scaling = new LinkedHashMap<>(scaler.toMap());
        scaling.put("p90Offset", p90Offset);
        Map<String, String> hyper = new LinkedHashMap<>(description.config().toMap());
        hyper.putAll(layout.toMap());
        return new ModelManifest(ModelManifest.FORMAT_VERSION, LstmForecaster.TYPE, null,
                description.trainingFrom(), description.trainingTo(), description.step(), layout.window(),
                layout.horizon(), scaling, hyper, Map.of(LstmForecaster.TYPE, description.metrics()),
                TorchRuntime.libraryVersions(), null, null, null);
    }

    @Override
    public void writeParameters(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        model.getBlock().saveParameters(data);
        data.flush();
    }

    /** How training ended, or null for a model loaded from an artifact. */
    public String trainingSummary() {
        TrainingOutcome o = description.outcome();
        return o == null ? "loaded" : "epochs=" + o.epochs() + " best=" + o.bestEpoch() + " stop=" + o.stopReason()
                + " loss=" + o.bestValidationLoss() + " time=" + o.elapsed().toMillis() + "ms";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try (Model m = model) {
                predictors.close();
            }
        }
    }
}

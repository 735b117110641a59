package dev.prescient.trainer.training;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.ValidationMetrics;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A freshly trained model with its validation against the baselines on the same window.
 *
 * @param workload workload key, or null in benchmarks
 * @param model the trained model; the caller closes it
 * @param validation metrics per forecaster type on the validation window, the trained type first
 * @param seconds wall time of training plus validation
 */
public record TrainedModel(String workload, FittedModel model, Map<String, ValidationMetrics> validation,
                           double seconds) implements AutoCloseable {

    /** Adds the workload and every forecaster's validation metrics to the model's manifest. */
    public UnaryOperator<ModelManifest> annotate() {
        return manifest -> {
            ModelManifest m = workload == null ? manifest : manifest.withWorkload(workload);
            for (Map.Entry<String, ValidationMetrics> e : validation.entrySet()) {
                m = m.withValidationMetrics(e.getKey(), e.getValue());
            }
            return m;
        };
    }

    /** Validation metrics of the trained model itself. */
    public ValidationMetrics own() {
        return validation.get(model.type());
    }

    @Override
    public void close() {
        model.close();
    }
}

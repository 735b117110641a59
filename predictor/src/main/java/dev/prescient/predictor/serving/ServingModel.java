package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.FittedModel;
import java.time.Instant;
import java.util.Objects;

/**
 * A production model loaded for one workload.
 *
 * @param workload {@code namespace/name}
 * @param version registry version id
 * @param model the loaded model; thread-safe (the LSTM hands each call its own predictor)
 * @param loadedAt when it was loaded
 */
public record ServingModel(String workload, String version, FittedModel model, Instant loadedAt) {

    public ServingModel {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    public String type() {
        return model.type();
    }
}

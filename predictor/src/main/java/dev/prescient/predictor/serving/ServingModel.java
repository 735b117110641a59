package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.policy.Sizing;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A production model loaded for one workload.
 *
 * @param workload {@code namespace/name}
 * @param version registry version id
 * @param model the loaded model; thread-safe (the LSTM hands each call its own predictor)
 * @param sizing the sizing learnt with this version ({@code sizing.json}), served with each of its forecasts; empty
 *     when the version has none
 * @param loadedAt when it was loaded
 */
public record ServingModel(String workload, String version, FittedModel model, Optional<Sizing> sizing,
                           Instant loadedAt) {

    public ServingModel {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sizing, "sizing");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** A model version without a learnt sizing. */
    public ServingModel(String workload, String version, FittedModel model, Instant loadedAt) {
        this(workload, version, model, Optional.empty(), loadedAt);
    }

    public String type() {
        return model.type();
    }
}

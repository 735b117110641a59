package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.policy.Sizing;
import java.util.Objects;
import java.util.Optional;

/**
 * What one model version's artifact directory loads into.
 *
 * @param model the model rebuilt from the verified artifact
 * @param sizing its {@code sizing.json}, empty when the version has none
 */
public record LoadedVersion(FittedModel model, Optional<Sizing> sizing) {

    public LoadedVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sizing, "sizing");
    }
}

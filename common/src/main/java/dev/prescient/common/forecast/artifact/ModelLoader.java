package dev.prescient.common.forecast.artifact;

import dev.prescient.common.forecast.FittedModel;

/** Rebuilds a fitted model of one forecaster type from a verified artifact. */
@FunctionalInterface
public interface ModelLoader {

    /** @throws ModelLoadException or another runtime exception when the artifact does not fit the type */
    FittedModel load(VerifiedArtifact artifact);
}

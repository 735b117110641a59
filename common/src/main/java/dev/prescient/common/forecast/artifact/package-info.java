/**
 * Saved models: a directory with the parameter file and {@code manifest.json}
 * ({@link dev.prescient.common.forecast.artifact.ModelManifest}), written and verified by
 * {@link dev.prescient.common.forecast.artifact.ModelArtifacts}. Each trainable forecaster supplies a
 * {@link dev.prescient.common.forecast.artifact.ModelLoader} for its type.
 */
package dev.prescient.common.forecast.artifact;

package dev.prescient.common.forecast.artifact;

import java.nio.file.Path;

/**
 * A manifest whose parameter file matched its SHA-256, with those parameters.
 *
 * @param directory where it was read from
 * @param manifest the manifest
 * @param parameters the parameter file's bytes
 */
public record VerifiedArtifact(Path directory, ModelManifest manifest, byte[] parameters) {

    public VerifiedArtifact {
        parameters = parameters.clone();
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    public java.io.InputStream openParameters() {
        return new java.io.ByteArrayInputStream(parameters);
    }
}

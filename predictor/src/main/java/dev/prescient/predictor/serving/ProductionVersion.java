package dev.prescient.predictor.serving;

import java.util.Objects;

/**
 * The production version a workload serves, known without loading it: its artifact is on local disk and has
 * been verified (checksums, manifest, sizing). The model itself is loaded on first use ({@link LoadedModels}).
 *
 * @param version registry version id
 * @param type forecaster type named by its manifest, e.g. {@code lstm}
 */
public record ProductionVersion(String version, String type) {

    public ProductionVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
    }
}

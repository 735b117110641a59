package dev.prescient.common.forecast.artifact;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a saved model is, stored beside its parameters as {@code manifest.json}.
 *
 * @param formatVersion layout of the artifact directory: {@link #FORMAT_VERSION} (a {@code checksums.sha256}
 *                      covers every file, this manifest included) or {@link #LEGACY_FORMAT_VERSION} (only the
 *                      parameters' SHA-256 in this manifest; still read, with a warning)
 * @param forecasterType {@code Forecaster.type()} that trained the model
 * @param workload workload key the model serves, or null (benchmarks)
 * @param trainingFrom time of the first training value
 * @param trainingTo time just after the last training value
 * @param step series step
 * @param window recent steps the model reads (besides the season-ago copy)
 * @param horizon steps forecast at once
 * @param scaling constants that map rates to the model's scale and back
 * @param hyperParameters settings needed to rebuild the model, as text
 * @param validationMetrics per forecaster type, accuracy on the validation windows
 * @param libraryVersions versions of the libraries that wrote the parameters (djl, pytorch)
 * @param parametersFile parameter file name inside the artifact directory
 * @param parametersSha256 lower-case hex SHA-256 of the parameter file
 * @param createdAt when the artifact was written
 */
public record ModelManifest(int formatVersion, String forecasterType, String workload, Instant trainingFrom,
                            Instant trainingTo, Duration step, int window, int horizon, Map<String, Double> scaling,
                            Map<String, String> hyperParameters, Map<String, ValidationMetrics> validationMetrics,
                            Map<String, String> libraryVersions, String parametersFile, String parametersSha256,
                            Instant createdAt) {

    /** The format written: every file, this manifest included, is listed in {@code checksums.sha256}. */
    public static final int FORMAT_VERSION = 2;
    /** The earlier format: no checksum file, so the manifest itself is unverified. */
    public static final int LEGACY_FORMAT_VERSION = 1;

    public ModelManifest {
        Objects.requireNonNull(forecasterType, "forecasterType");
        scaling = frozen(scaling);
        hyperParameters = frozen(hyperParameters);
        validationMetrics = frozen(validationMetrics);
        libraryVersions = frozen(libraryVersions);
    }

    public ModelManifest withWorkload(String key) {
        return new ModelManifest(formatVersion, forecasterType, key, trainingFrom, trainingTo, step, window, horizon,
                scaling, hyperParameters, validationMetrics, libraryVersions, parametersFile, parametersSha256,
                createdAt);
    }

    /** A copy with {@code metrics} recorded for {@code type}, replacing an earlier entry. */
    public ModelManifest withValidationMetrics(String type, ValidationMetrics metrics) {
        Map<String, ValidationMetrics> all = new LinkedHashMap<>(validationMetrics);
        all.put(type, metrics);
        return new ModelManifest(formatVersion, forecasterType, workload, trainingFrom, trainingTo, step, window,
                horizon, scaling, hyperParameters, all, libraryVersions, parametersFile, parametersSha256, createdAt);
    }

    ModelManifest withParameters(String file, String sha256, Instant created) {
        return new ModelManifest(formatVersion, forecasterType, workload, trainingFrom, trainingTo, step, window,
                horizon, scaling, hyperParameters, validationMetrics, libraryVersions, file, sha256, created);
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}

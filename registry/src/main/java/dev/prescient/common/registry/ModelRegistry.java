package dev.prescient.common.registry;

import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stores trained model artifacts per workload ({@code namespace/name}) and version, and which
 * version serves. Every method throws {@link RegistryException} naming the operation and the
 * storage when it fails.
 */
public interface ModelRegistry {

    /** Uploads an artifact directory (see {@code ModelArtifacts}) as a new candidate; returns its version id. */
    String upload(String workloadKey, Path artifactDir);

    /** All visible versions, newest first. */
    List<ModelVersion> list(String workloadKey);

    /** The serving version; if a crash left two, the one promoted last. */
    Optional<ModelVersion> production(String workloadKey);

    /** Downloads a version into {@code dir} and verifies its parameters against the manifest's SHA-256. */
    VerifiedArtifact download(String workloadKey, String version, Path dir);

    /** Sets the stage tag and the reason, without touching other versions. */
    void setStage(String workloadKey, String version, Stage stage, String reason);

    /** Makes {@code version} production and archives every other production version of the workload. */
    void promote(String workloadKey, String version, String reason);

    /** Re-promotes the version that was production before the current one; returns it. */
    ModelVersion rollback(String workloadKey, String reason);

    /**
     * Deletes old versions, keeping the {@code keepNewest} newest, the production one and every
     * version that was production within {@code keepProductionWithin}.
     *
     * @param dryRun if true, only reports
     * @return the versions that would go (dry run) or went
     */
    List<String> prune(String workloadKey, int keepNewest, Duration keepProductionWithin, boolean dryRun);
}

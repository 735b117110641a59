package dev.prescient.common.registry;

import dev.prescient.common.forecast.artifact.ModelManifest;
import java.time.Instant;
import java.util.Optional;

/**
 * One stored model version of a workload.
 *
 * @param version version id, e.g. {@code v20261127-041200-3fa9c2}
 * @param stage current stage
 * @param createdAt when the artifact was written (manifest), else when it was uploaded
 * @param manifest the stored manifest
 * @param reason why it got its current stage, empty if none was given
 * @param promotedAt when it last became production
 * @param archivedAt when it last left production
 */
public record ModelVersion(String version, Stage stage, Instant createdAt, ModelManifest manifest, String reason,
                           Optional<Instant> promotedAt, Optional<Instant> archivedAt) {

    /** True if it is or ever was production. */
    public boolean wasProduction() {
        return stage == Stage.PRODUCTION || promotedAt.isPresent();
    }
}

package dev.prescient.common.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which of a workload's versions serves and which served before it, read from their stage tags. */
final class VersionHistory {

    /** Promotion order: the later {@code promoted-at}, then the higher version id, wins. */
    static final Comparator<ModelVersion> PROMOTED_LAST = Comparator
            .comparing((ModelVersion v) -> v.promotedAt().orElse(Instant.EPOCH))
            .thenComparing(ModelVersion::version);

    private VersionHistory() {
    }

    /** The serving version; if a crash or a race left two, the one promoted last. */
    static Optional<ModelVersion> production(List<ModelVersion> versions) {
        return versions.stream().filter(v -> v.stage() == Stage.PRODUCTION).max(PROMOTED_LAST);
    }

    /** The version that left production last: what a rollback restores. */
    static Optional<ModelVersion> previousProduction(List<ModelVersion> versions) {
        return versions.stream()
                .filter(v -> v.stage() == Stage.ARCHIVED && v.promotedAt().isPresent())
                .max(Comparator.comparing((ModelVersion v) -> v.archivedAt().orElse(Instant.EPOCH))
                        .thenComparing(ModelVersion::version));
    }
}

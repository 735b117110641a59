package dev.prescient.common.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code prune} deletes and what it keeps for want of a stage tag. A version may go only if it
 * carries an explicit {@code stage=archived} tag, is not among the {@code keepNewest} newest, is not
 * the previous production version (the rollback target), and was neither promoted nor archived
 * after {@code cutoff}. Production, candidates and versions without a stage tag always stay.
 *
 * @param doomed version ids to delete, newest first
 * @param untagged version ids kept because their manifest has no stage tag, newest first
 */
record PrunePlan(List<String> doomed, List<String> untagged) {

    PrunePlan {
        doomed = List.copyOf(doomed);
        untagged = List.copyOf(untagged);
    }

    /** @param versions all versions of one workload, newest first */
    static PrunePlan of(List<ModelVersion> versions, int keepNewest, Instant cutoff) {
        Optional<String> rollbackTarget = VersionHistory.previousProduction(versions).map(ModelVersion::version);
        List<String> doomed = new ArrayList<>();
        List<String> untagged = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            ModelVersion v = versions.get(i);
            if (v.stage() == Stage.UNTAGGED) {
                untagged.add(v.version());
            } else if (i >= keepNewest && v.stage() == Stage.ARCHIVED
                    && !rollbackTarget.equals(Optional.of(v.version())) && !recentlyProduction(v, cutoff)) {
                doomed.add(v.version());
            }
        }
        return new PrunePlan(doomed, untagged);
    }

    private static boolean recentlyProduction(ModelVersion v, Instant cutoff) {
        return v.promotedAt().filter(t -> t.isAfter(cutoff)).isPresent()
                || v.archivedAt().filter(t -> t.isAfter(cutoff)).isPresent();
    }
}

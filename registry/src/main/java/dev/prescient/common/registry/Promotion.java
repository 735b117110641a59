package dev.prescient.common.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Makes one version production. Callers serialise promotions of a workload with its lock
 * ({@link LockedChanges}, or the training lock around the gate); this class also keeps the registry
 * right when two promotions do race (a store that ignores conditional writes, a caller without the
 * lock): they end with exactly one production version, and the loser never archives the winner.
 *
 * <p>Steps: stamp the target {@code production} with a {@code promoted-at} later than every stamp
 * already in the registry (so a skewed clock cannot order it before the version it replaces), list
 * again, and compare in promotion order ({@link VersionHistory#PROMOTED_LAST}). The latest is the
 * winner: if it is the target, every other production version is archived (each of them was stamped
 * earlier); if another version stamped later, the target is undone (archived if it had been
 * production, else its earlier tags put back) and the promotion fails naming the winner.
 */
final class Promotion {

    private static final Logger LOG = Logger.getLogger(Promotion.class);

    private final S3Store store;
    private final RegistryKeys keys;
    private final Clock clock;
    private final Function<String, List<ModelVersion>> versions;

    Promotion(S3Store store, RegistryKeys keys, Clock clock, Function<String, List<ModelVersion>> versions) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.versions = versions;
    }

    void promote(String workloadKey, String version, String reason) {
        String key = keys.manifest(workloadKey, version);
        Map<String, String> before = store.tags(key);
        Instant stamp = stamp(versions.apply(workloadKey));
        store.setTags(key, RegistryTags.promoted(before, reason, stamp));
        List<ModelVersion> after = versions.apply(workloadKey);
        ModelVersion winner = VersionHistory.production(after).orElse(null);
        if (winner == null) {
            throw new RegistryException("cannot promote " + workloadKey + " " + version + ": a concurrent change"
                    + " archived it before its promotion completed; run 'models list' and promote again under the"
                    + " workload lock");
        }
        if (!winner.version().equals(version)) {
            undo(workloadKey, version, key, before, winner);
        }
        for (ModelVersion other : after) {
            if (other.stage() == Stage.PRODUCTION && !other.version().equals(version)) {
                setStage(workloadKey, other.version(), Stage.ARCHIVED, "replaced by " + version + ": " + reason);
            }
        }
        LOG.infof("model %s %s is now production (promoted at %s): %s", workloadKey, version, stamp, reason);
    }

    /** Later than now and than every promotion already recorded, by at least a millisecond. */
    private Instant stamp(List<ModelVersion> known) {
        Instant now = clock.instant();
        Instant latest = known.stream().flatMap(v -> v.promotedAt().stream()).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        return now.isAfter(latest) ? now : latest.plus(Duration.ofMillis(1));
    }

    private void undo(String workloadKey, String version, String key, Map<String, String> before, ModelVersion winner) {
        boolean wasProduction = RegistryTags.stage(before, key) == Stage.PRODUCTION;
        String by = winner.version() + " was promoted concurrently at "
                + winner.promotedAt().map(Instant::toString).orElse("an unknown time") + " (" + winner.reason() + ")";
        if (wasProduction) {
            setStage(workloadKey, version, Stage.ARCHIVED, "lost a concurrent promotion: " + by);
        } else {
            store.setTags(key, before);
        }
        LOG.warnf("promotion of %s %s undone: %s", workloadKey, version, by);
        throw new RegistryException("cannot promote " + workloadKey + " " + version + ": " + by
                + " and stays production; " + version + " is " + (wasProduction ? "archived" : "back to its earlier stage")
                + "; promote it again if it should serve");
    }

    private void setStage(String workloadKey, String version, Stage stage, String reason) {
        String key = keys.manifest(workloadKey, version);
        store.setTags(key, RegistryTags.transition(store.tags(key), stage, reason, clock.instant(), key));
        LOG.infof("model %s %s is now %s: %s", workloadKey, version, stage.tag(), reason);
    }
}

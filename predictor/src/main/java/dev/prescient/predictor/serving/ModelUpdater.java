package dev.prescient.predictor.serving;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Keeps each {@link ModelSlot} on its workload's production version: loads it at start-up (from the
 * disk cache when it holds the pinned version, else from the registry), and on each poll swaps to a
 * newly promoted version once it has loaded. A version that fails to download, verify or load is
 * refused: the old model keeps serving, the failure is counted and logged. No lock is held while
 * loading; each slot is only ever updated by one thread at a time (start-up, then the poller).
 */
public final class ModelUpdater {

    static final String NO_REGISTRY = "no model registry is configured (prescient.s3.endpoint)";
    static final String NO_PRODUCTION = "the registry has no production version";
    private static final Logger LOG = Logger.getLogger(ModelUpdater.class);

    private final Optional<ModelRegistry> registry;
    private final ModelCache cache;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final Consumer<ServingModel> retire;

    /**
     * @param retire receives each replaced model; closes it once requests that took it can have finished
     */
    public ModelUpdater(Optional<ModelRegistry> registry, ModelCache cache, PredictorMetrics metrics, Clock clock,
                        Consumer<ServingModel> retire) {
        this.registry = registry;
        this.cache = cache;
        this.metrics = metrics;
        this.clock = clock;
        this.retire = retire;
    }

    /** First load of a slot: the pinned cached version if it loads, else whatever the registry says. */
    public void initial(ModelSlot slot) {
        if (registry.isEmpty()) {
            replace(slot, slot.fallBack(NO_REGISTRY, Optional.empty()));
            return;
        }
        Optional<String> pinned = cache.pinned(slot.workload());
        if (pinned.isPresent()) {
            try {
                LoadedVersion loaded = cache.loadCached(slot.workload(), pinned.get());
                serve(slot, pinned.get(), loaded, Optional.empty());
                LOG.infof("model %s %s (%s%s) serving from the local cache; the registry is checked next",
                        slot.workload(), pinned.get(), loaded.model().type(), sizingNote(loaded));
                return;
            } catch (RuntimeException e) {
                metrics.loadFailed(slot.workload());
                LOG.warnf("cached model %s %s does not load (%s); asking the registry", slot.workload(),
                        pinned.get(), e.getMessage());
            }
        }
        refresh(slot);
    }

    /** Asks the registry for the production version and swaps to it when it differs from the serving one. */
    public void refresh(ModelSlot slot) {
        if (registry.isEmpty()) {
            return;
        }
        String workload = slot.workload();
        Optional<ModelVersion> production;
        try {
            production = registry.get().production(workload);
        } catch (RuntimeException e) {
            metrics.pollFailed(workload);
            slot.failed("cannot ask the registry for the production version: " + e.getMessage());
            LOG.warnf("cannot ask the registry for the production model of %s; the current %s keeps serving: %s",
                    workload, describe(slot), e.getMessage());
            return;
        }
        Instant now = clock.instant();
        if (production.isEmpty()) {
            if (slot.current().isPresent() || !slot.state().ready()) {
                LOG.infof("%s has no production model in the registry; answering from the fallback", workload);
            }
            replace(slot, slot.fallBack(NO_PRODUCTION, Optional.of(now)));
            return;
        }
        String version = production.get().version();
        if (slot.current().map(m -> m.version().equals(version)).orElse(false)) {
            slot.checked(now);
            return;
        }
        load(slot, version, now);
    }

    private void load(ModelSlot slot, String version, Instant now) {
        String workload = slot.workload();
        LoadedVersion loaded;
        try {
            loaded = cache.fetchAndLoad(registry.orElseThrow(), workload, version);
        } catch (RuntimeException e) {
            metrics.loadFailed(workload);
            String error = "cannot load model " + workload + " " + version + ": " + e.getMessage();
            boolean repeated = slot.state().lastError().filter(error::equals).isPresent();
            slot.failed(error);
            LOG.logf(repeated ? Logger.Level.DEBUG : Logger.Level.WARN, "refusing model %s %s, %s keeps serving: %s",
                    workload, version, describe(slot), e.getMessage());
            return;
        }
        Optional<ServingModel> old = serve(slot, version, loaded, Optional.of(now));
        LOG.infof("model %s %s (%s%s) now serving%s", workload, version, loaded.model().type(), sizingNote(loaded),
                old.map(o -> ", replacing " + o.version()).orElse(""));
        try {
            cache.pin(workload, version);
            cache.prune(workload, old.map(o -> Set.of(version, o.version())).orElse(Set.of(version)));
        } catch (RuntimeException e) {
            LOG.warnf("model %s %s serves but the local cache could not record it: %s", workload, version,
                    e.getMessage());
        }
    }

    private Optional<ServingModel> serve(ModelSlot slot, String version, LoadedVersion loaded,
                                         Optional<Instant> checkedAt) {
        ServingModel serving = new ServingModel(slot.workload(), version, loaded.model(), loaded.sizing(),
                clock.instant());
        Optional<ServingModel> old = slot.serve(serving, checkedAt);
        metrics.modelServing(slot.workload(), version);
        old.ifPresent(retire);
        return old;
    }

    private void replace(ModelSlot slot, Optional<ServingModel> old) {
        metrics.modelServing(slot.workload(), null);
        old.ifPresent(retire);
    }

    private static String sizingNote(LoadedVersion loaded) {
        return loaded.sizing().map(s -> ", with its learnt sizing" + (s.floor().isPresent() ? "" : " (no floor)"))
                .orElse(", without sizing");
    }

    private static String describe(ModelSlot slot) {
        return slot.current().map(m -> "version " + m.version()).orElse("fallback");
    }
}

package dev.prescient.predictor.serving;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps each {@link ModelSlot} on its workload's production version, and loads a slot's model when a request
 * needs it. At start-up a slot takes the version pinned in the disk cache when its copy verifies, else whatever
 * the registry says (downloaded and verified, not loaded). On each poll a newly promoted version is downloaded
 * and verified; when the workload's model is loaded it is loaded too and swapped in, else the slot just names
 * it and the next request loads it. A version that fails to download, verify or load is refused: the old one
 * keeps serving, the failure is counted and logged. Each slot is only ever updated by one thread at a time
 * (start-up, then the poller); loads on demand run on request threads, once per model ({@link LoadedModels}).
 */
public final class ModelUpdater {

    static final String NO_REGISTRY = "no model registry is configured (prescient.s3.endpoint)";
    static final String NO_PRODUCTION = "the registry has no production version";
    private static final Logger LOG = Logger.getLogger(ModelUpdater.class);

    private final Optional<ModelRegistry> registry;
    private final ModelCache cache;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final LoadedModels loaded;

    /**
     * @param loaded the models in memory; replaced and dropped models close once requests using them finish
     */
    public ModelUpdater(Optional<ModelRegistry> registry, ModelCache cache, PredictorMetrics metrics, Clock clock,
                        LoadedModels loaded) {
        this.registry = registry;
        this.cache = cache;
        this.metrics = metrics;
        this.clock = clock;
        this.loaded = loaded;
    }

    /** First check of a slot: the pinned cached version if it verifies, else whatever the registry says. */
    public void initial(ModelSlot slot) {
        if (registry.isEmpty()) {
            fallBack(slot, NO_REGISTRY, Optional.empty());
            return;
        }
        Optional<String> pinned = cache.pinned(slot.workload());
        if (pinned.isPresent()) {
            try {
                String type = cache.verifyCached(slot.workload(), pinned.get());
                serve(slot, new ProductionVersion(pinned.get(), type), Optional.empty());
                LOG.debugf("model %s %s (%s) serves from the local cache; the registry is checked next",
                        slot.workload(), pinned.get(), type);
                return;
            } catch (RuntimeException e) {
                metrics.loadFailed(slot.workload());
                LOG.warnf("cached model %s %s is unusable (%s); asking the registry", slot.workload(),
                        pinned.get(), e.getMessage());
            }
        }
        refresh(slot);
    }

    /** Asks the registry for the production version and moves to it when it differs from the serving one. */
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
            fallBack(slot, NO_PRODUCTION, Optional.of(now));
            return;
        }
        String version = production.get().version();
        if (slot.version().filter(version::equals).isPresent()) {
            slot.checked(now);
            return;
        }
        adopt(slot, version, now);
    }

    /**
     * A lease on the serving model of {@code slot}, loading it first when it is not loaded.
     *
     * @throws ModelUnavailableException when it cannot be loaded; the slot then falls back until the next poll
     */
    public Optional<ModelLease> lease(ModelSlot slot) {
        try {
            return loaded.acquire(slot.workload(), slot::version, (workload, version) -> load(slot, version));
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelUnavailableException("cannot load model " + slot.workload() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the verified copy on disk; a copy that no longer loads is fetched again from the registry. */
    private ServingModel load(ModelSlot slot, String version) {
        String workload = slot.workload();
        LoadedVersion artifact;
        try {
            try {
                artifact = cache.loadCached(workload, version);
            } catch (RuntimeException cached) {
                if (registry.isEmpty()) {
                    throw cached;
                }
                LOG.warnf("cached model %s %s does not load (%s); fetching it again", workload, version,
                        cached.getMessage());
                artifact = cache.fetchAndLoad(registry.get(), workload, version);
            }
        } catch (RuntimeException e) {
            metrics.loadFailed(workload);
            String error = "cannot load model " + workload + " " + version + ": " + e.getMessage();
            slot.loadFailed(version, error);
            metrics.modelServing(workload, null);
            LOG.warnf("%s; answering from the fallback until the registry is checked again", error);
            throw new ModelUnavailableException(error, e);
        }
        LOG.debugf("loaded model %s %s (%s%s)", workload, version, artifact.model().type(), sizingNote(artifact));
        return new ServingModel(workload, version, artifact.model(), artifact.sizing(), clock.instant());
    }

    /** Moves the slot to {@code version}: verified on disk first, and loaded first when the old one is loaded. */
    private void adopt(ModelSlot slot, String version, Instant now) {
        String workload = slot.workload();
        Optional<String> old = slot.version();
        ProductionVersion next;
        try {
            if (loaded.isLoaded(workload)) {
                LoadedVersion model = cache.fetchAndLoad(registry.orElseThrow(), workload, version);
                next = new ProductionVersion(version, model.model().type());
                ServingModel serving = new ServingModel(workload, version, model.model(), model.sizing(),
                        clock.instant());
                loaded.replace(serving, () -> slot.serve(next, Optional.of(now)));
            } else {
                next = new ProductionVersion(version, cache.fetch(registry.orElseThrow(), workload, version));
                loaded.invalidate(workload, () -> slot.serve(next, Optional.of(now)));
            }
        } catch (RuntimeException e) {
            metrics.loadFailed(workload);
            String error = "cannot load model " + workload + " " + version + ": " + e.getMessage();
            boolean repeated = slot.state().lastError().filter(error::equals).isPresent();
            slot.failed(error);
            LOG.logf(repeated ? Logger.Level.DEBUG : Logger.Level.WARN, "refusing model %s %s, %s keeps serving: %s",
                    workload, version, describe(slot), e.getMessage());
            return;
        }
        metrics.modelServing(workload, version);
        LOG.infof("model %s %s (%s) now serving%s%s", workload, version, next.type(),
                loaded.isLoaded(workload) ? "" : " (loaded on first use)",
                old.map(o -> ", replacing " + o).orElse(""));
        try {
            cache.pin(workload, version);
            cache.prune(workload, old.map(o -> Set.of(version, o)).orElse(Set.of(version)));
        } catch (RuntimeException e) {
            LOG.warnf("model %s %s serves but the local cache could not record it: %s", workload, version,
                    e.getMessage());
        }
    }

    private void serve(ModelSlot slot, ProductionVersion version, Optional<Instant> checkedAt) {
        loaded.invalidate(slot.workload(), () -> slot.serve(version, checkedAt));
        metrics.modelServing(slot.workload(), version.version());
    }

    private void fallBack(ModelSlot slot, String reason, Optional<Instant> checkedAt) {
        loaded.invalidate(slot.workload(), () -> slot.fallBack(reason, checkedAt));
        metrics.modelServing(slot.workload(), null);
    }

    private static String sizingNote(LoadedVersion loaded) {
        return loaded.sizing().map(s -> ", with its learnt sizing" + (s.floor().isPresent() ? "" : " (no floor)"))
                .orElse(", without sizing");
    }

    private static String describe(ModelSlot slot) {
        return slot.version().map(v -> "version " + v).orElse("fallback");
    }
}

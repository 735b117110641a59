package dev.prescient.predictor.serving;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.forecast.lstm.LstmForecaster;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.S3ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Owns the model slots and the loaded models: at start-up, in the background, settles which version serves
 * each workload (the pinned copy in the disk cache, else the registry's production version, downloaded and
 * verified; readiness stays down until each has a version or an explicit fallback) without loading any model;
 * then polls the registry every {@code poll-interval}. A model is loaded on its first request and kept in a
 * least-recently-used cache of {@code max-loaded-models} ({@link LoadedModels}); replaced and evicted models are
 * closed once the requests that took them have finished.
 *
 * <p>The slots follow the catalogue, which a cluster's PredictiveScalers change while the predictor runs
 * ({@link #follow}): each poll round first gives a workload that joined its slot (its version settled as at
 * start-up, before the slot is published, so readiness never waits for it) and takes the slot, the loaded model and
 * the metrics of one that left. A request for a workload that has no slot yet answers from the fallback and asks the
 * poller thread to follow the catalogue at once, without waiting for the next round.
 *
 * <p>Nothing thrown in a poll round stops the polling: a workload whose check fails unexpectedly (a
 * {@link RuntimeException} or a {@link LinkageError} from a model's natives) keeps its model and shows the
 * failure, the others are still asked; any other {@link Error} breaks off the round, is logged, and the next
 * round runs as scheduled. {@link #pollerStatus()} (liveness) reports the poller dead once it has not completed
 * a round for {@value #MISSED_POLLS} poll intervals ({@link PollerHeartbeat}).
 */
public final class ModelLifecycle implements ModelSource {

    /** Poll intervals without a completed round after which the poller counts as dead. */
    public static final int MISSED_POLLS = 3;
    /**
     * Threads settling versions at start-up: mostly waiting for S3 (a first start downloads each version) or
     * hashing small files, so more than the two cores this runs on.
     */
    private static final int LOADER_THREADS = 8;
    private static final Logger LOG = Logger.getLogger(ModelLifecycle.class);

    static {
        // before the first PyTorch engine use: one intra-op and one inter-op thread, no downloads
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.offline", "true");
    }

    /** Told when a workload joins or leaves the catalogue (after its slot is made or dropped). */
    public interface Membership {
        default void joined(String workload) {
        }

        default void left(String workload) {
        }
    }

    private final PredictorConfig config;
    private final WorkloadCatalog workloads;
    private final PredictorMetrics metrics;
    private final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
    private final List<Membership> members = new CopyOnWriteArrayList<>();
    private final AtomicBoolean followAsked = new AtomicBoolean();
    private final ModelUpdater updater;
    private final LoadedModels loaded;
    private final Map<String, Integer> requiredHistory = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            daemon("prescient-model-poller"));
    private final PollerHeartbeat heartbeat;
    private volatile boolean started;
    private volatile ScheduledFuture<?> polling;

    public ModelLifecycle(PredictorConfig config, WorkloadCatalog workloads, Optional<ModelRegistry> registry,
                          PredictorMetrics metrics, Clock clock) {
        this(config, workloads, registry, metrics, clock, Map.of(LstmForecaster.TYPE, new LstmModelLoader()));
    }

    /** @param loaders per forecaster type, the loader that rebuilds a model from its artifact */
    ModelLifecycle(PredictorConfig config, WorkloadCatalog workloads, Optional<ModelRegistry> registry,
                   PredictorMetrics metrics, Clock clock, Map<String, ModelLoader> loaders) {
        this.config = config;
        this.workloads = workloads;
        this.metrics = metrics;
        for (WorkloadSpec spec : workloads.all()) {
            publish(new ModelSlot(spec.key()));
        }
        ModelCache cache = new ModelCache(Path.of(config.modelCacheDir()), loaders);
        this.loaded = new LoadedModels(config.maxLoadedModels(), metrics);
        this.updater = new ModelUpdater(registry, cache, metrics, clock, loaded);
        this.heartbeat = new PollerHeartbeat(clock, config.pollInterval().multipliedBy(MISSED_POLLS));
    }

    /** The registry {@code prescient.s3.*} names, or empty when no endpoint is set. */
    public static Optional<ModelRegistry> registry(RegistryConfig config) {
        return config.toSettings().map(S3ModelRegistry::new);
    }

    /**
     * Settles every workload's serving version on a background thread (loading no model), then starts polling
     * and runs {@code whenReady}.
     */
    public void start(Runnable whenReady) {
        Thread loader = daemon("prescient-model-loader").newThread(() -> {
            resolveAll();
            started = true;
            long interval = config.pollInterval().toMillis();
            heartbeat.started();
            polling = scheduler.scheduleWithFixedDelay(this::pollRound, interval, interval, TimeUnit.MILLISECONDS);
            whenReady.run();
        });
        loader.start();
    }

    /** True once every workload has a serving version (loaded or not) or an explicit fallback. */
    public boolean ready() {
        return started && slots.values().stream().allMatch(s -> s.state().ready());
    }

    /**
     * Whether the poller is alive (also before it starts: start-up has its own probe): it is not when stopped,
     * when its task has ended, or when it has not completed a round for {@value #MISSED_POLLS} poll intervals.
     */
    public PollerHeartbeat.Status pollerStatus() {
        PollerHeartbeat.Status status = heartbeat.status();
        ScheduledFuture<?> task = polling;
        boolean running = !scheduler.isShutdown() && (task == null || !task.isDone());
        return running ? status : new PollerHeartbeat.Status(false, status.started(), status.lastRound(),
                status.lastCheck(), status.rounds(), status.lastBreak(), status.maxSilence());
    }

    public Optional<ModelSlot> slot(String workload) {
        return Optional.ofNullable(slots.get(workload));
    }

    public Collection<ModelSlot> slots() {
        return Collections.unmodifiableCollection(slots.values());
    }

    /** Registers a listener for workloads joining and leaving the catalogue. */
    public void addMembership(Membership membership) {
        members.add(membership);
    }

    /** The models loaded in memory. */
    public LoadedModels loaded() {
        return loaded;
    }

    @Override
    public Optional<String> version(String workload) {
        return slotOrFollow(workload).flatMap(ModelSlot::version);
    }

    @Override
    public Optional<ModelLease> lease(String workload) {
        Optional<ModelSlot> slot = slotOrFollow(workload);
        if (slot.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelLease> lease = updater.lease(slot.get());
        lease.ifPresent(l -> requiredHistory.put(workload, l.model().model().requiredHistorySteps()));
        return lease;
    }

    @Override
    public boolean leasableWithoutEviction(String workload) {
        return loaded.hasRoomFor(workload);
    }

    @Override
    public int requiredHistorySteps(String workload) {
        return requiredHistory.getOrDefault(workload, 0);
    }

    /**
     * Follows the catalogue, then checks the registry for every other workload, in the catalogue's order; also run
     * by the poller.
     */
    public void pollAll() {
        List<String> order = workloads.keys();
        Set<String> joined = follow(order);
        for (String key : order) {
            ModelSlot slot = slots.get(key);
            if (slot == null || joined.contains(key)) {
                continue;
            }
            try {
                updater.refresh(slot);
            } catch (RuntimeException | LinkageError e) {
                slot.failed("unexpected failure while asking the registry: " + e);
                LOG.errorf(e, "polling the registry for %s failed unexpectedly; its current model keeps serving",
                        slot.workload());
            }
            heartbeat.checkFinished();
        }
        heartbeat.roundCompleted();
    }

    /**
     * Brings the slots in line with the catalogue: a workload that joined gets a slot whose version is settled as at
     * start-up (the pinned copy, else the registry's production version; no model loaded) before it is published;
     * one that left loses its slot, its loaded model (closed once its leases are) and its metrics. Runs on the
     * poller thread only, which is the only thread that changes slots after start-up.
     *
     * @param keys the catalogue's workloads now
     * @return the workloads that joined
     */
    private Set<String> follow(List<String> keys) {
        Set<String> joined = new LinkedHashSet<>();
        for (String key : keys) {
            if (!slots.containsKey(key)) {
                ModelSlot slot = new ModelSlot(key);
                initial(slot);
                heartbeat.checkFinished();
                publish(slot);
                joined.add(key);
                LOG.infof("workload %s joined the catalogue: %s", key, slot.version().map(v -> "model " + v
                        + " serves it (loaded on first use)").orElse("the fallback answers it ("
                        + slot.state().fallbackReason().orElse("no model") + ")"));
                members.forEach(m -> m.joined(key));
            }
        }
        Set<String> present = Set.copyOf(keys);
        for (String key : List.copyOf(slots.keySet())) {
            if (!present.contains(key)) {
                slots.remove(key);
                loaded.invalidate(key, () -> { });
                requiredHistory.remove(key);
                metrics.forget(key);
                LOG.infof("workload %s left the catalogue: its model is dropped", key);
                members.forEach(m -> m.left(key));
            }
        }
        return joined;
    }

    /** The slot of {@code workload}; when it has none yet, the poller is asked to follow the catalogue now. */
    private Optional<ModelSlot> slotOrFollow(String workload) {
        ModelSlot slot = slots.get(workload);
        if (slot == null && started && followAsked.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    followAsked.set(false);
                    try {
                        follow(workloads.keys());
                    } catch (RuntimeException | LinkageError e) {
                        LOG.errorf(e, "following the workload catalogue failed; the next poll round tries again");
                    }
                });
            } catch (RejectedExecutionException stopped) {
                followAsked.set(false);
            }
        }
        return Optional.ofNullable(slot);
    }

    private void publish(ModelSlot slot) {
        slots.put(slot.workload(), slot);
        metrics.watchFallback(slot.workload(), () -> slot.current().isEmpty());
    }

    /** A scheduled round: throws nothing, so the schedule goes on whatever a round meets. */
    private void pollRound() {
        try {
            pollAll();
        } catch (Throwable e) {
            heartbeat.roundBroken(e);
            LOG.errorf(e, "a registry poll round was broken off; the next runs in %s", config.pollInterval());
        }
    }

    /** Stops polling and closes every model (each once the requests using it have finished). */
    void stop() {
        scheduler.shutdownNow();
        loaded.clear();
    }

    private void resolveAll() {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(LOADER_THREADS, daemon("prescient-model-loader"));
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (ModelSlot slot : slots.values()) {
                tasks.add(() -> {
                    initial(slot);
                    return null;
                });
            }
            pool.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
        }
        long withModel = slots.values().stream().filter(s -> s.current().isPresent()).count();
        LOG.infof("%d of %d workloads have a production model (verified on disk, each loaded on its first request, "
                        + "at most %d loaded at once), found in %d ms; the others answer from the fallback", withModel,
                slots.size(), loaded.capacity(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void initial(ModelSlot slot) {
        try {
            updater.initial(slot);
        } catch (RuntimeException | LinkageError e) {
            slot.failed("unexpected failure: " + e);
            LOG.errorf(e, "finding the model of %s failed unexpectedly; answering from the fallback", slot.workload());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

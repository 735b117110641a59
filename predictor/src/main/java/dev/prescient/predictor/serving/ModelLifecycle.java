package dev.prescient.predictor.serving;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.forecast.lstm.LstmForecaster;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.S3ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Owns the model slots and the loaded models: at start-up, in the background, settles which version serves
 * each workload (the pinned copy in the disk cache, else the registry's production version, downloaded and
 * verified; readiness stays down until each has a version or an explicit fallback) without loading any model;
 * then polls the registry every {@code poll-interval}. A model is loaded on its first request and kept in a
 * least-recently-used cache of {@code max-loaded-models} ({@link LoadedModels}); replaced and evicted models are
 * closed once the requests that took them have finished.
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

    private final PredictorConfig config;
    private final Map<String, ModelSlot> slots;
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
        this.config = config;
        Map<String, ModelSlot> byKey = new LinkedHashMap<>();
        for (WorkloadSpec spec : workloads.all()) {
            ModelSlot slot = new ModelSlot(spec.key());
            byKey.put(spec.key(), slot);
            metrics.watchFallback(spec.key(), () -> slot.current().isEmpty());
        }
        this.slots = Collections.unmodifiableMap(byKey);
        ModelCache cache = new ModelCache(Path.of(config.modelCacheDir()),
                Map.of(LstmForecaster.TYPE, new LstmModelLoader()));
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
        return slots.values();
    }

    /** The models loaded in memory. */
    public LoadedModels loaded() {
        return loaded;
    }

    @Override
    public Optional<String> version(String workload) {
        return slot(workload).flatMap(ModelSlot::version);
    }

    @Override
    public Optional<ModelLease> lease(String workload) {
        Optional<ModelLease> lease = updater.lease(slots.get(workload));
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

    /** One registry check of every workload; also run by the poller. */
    public void pollAll() {
        for (ModelSlot slot : slots.values()) {
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
        } catch (RuntimeException e) {
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

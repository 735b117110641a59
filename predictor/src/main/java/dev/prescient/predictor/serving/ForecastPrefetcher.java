package dev.prescient.predictor.serving;

import dev.prescient.common.model.WorkloadSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The step job. Shortly before each step starts ({@link #lead} ahead: the history of a step ends where the
 * step starts, so its newest point is known by then), and for the current step once when the models are
 * ready, it fetches each workload's history for that step, scores the forecasts served so far against it
 * ({@link ForecastService#scoreAccuracy}: accuracy is scored here, once per step, never on the request path)
 * and, with prefetching on, makes the workload's default-horizon forecast, which then carries the fresh
 * accuracy. Requests at the start of a step find history and forecast ready instead of all waiting for
 * Prometheus and the model at once. It loads a model only while the cache of loaded models has room
 * ({@link ForecastService#prepareAhead}): with more workloads than {@code max-loaded-models}, the forecasts of
 * workloads whose model is not loaded are made by their first request of the step. Failures are left for
 * requests to report. Each run takes the workloads of the catalogue as they are then, so one added or removed since
 * start-up is prepared or left out from its step's next run; a step no workload had at start-up gets its job at
 * the next look at the catalogue (every {@link #RESCAN}).
 *
 * <p>A run spreads its workloads over {@code threads} threads (the scheduler's and {@code threads - 1} workers): a
 * forecast is CPU work and a history query waits on the source, so one thread could not prepare 5,000 workloads
 * within the lead and the rest would be made by requests at the start of the step (predictor/README.md,
 * Benchmark).
 */
public final class ForecastPrefetcher implements AutoCloseable {

    /** Longest time ahead of a step its forecasts are made. */
    static final Duration MAX_LEAD = Duration.ofSeconds(15);
    /** How often the catalogue is looked at for a step that has no job yet. */
    static final Duration RESCAN = Duration.ofMinutes(1);

    private Duration rescan = RESCAN;
    private static final Logger LOG = Logger.getLogger(ForecastPrefetcher.class);

    private final ForecastService forecasts;
    private final Optional<Duration> defaultHorizon;
    private final Clock clock;
    private final boolean makeForecasts;
    private final Set<Duration> scheduled = ConcurrentHashMap.newKeySet();
    private final int threads;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prescient-forecast-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    /** A step job that scores and prefetches forecasts. */
    public ForecastPrefetcher(ForecastService forecasts, Optional<Duration> defaultHorizon, Clock clock) {
        this(forecasts, defaultHorizon, clock, true);
    }

    /** @param makeForecasts whether each step's default forecast is made ahead (else the job only scores) */
    public ForecastPrefetcher(ForecastService forecasts, Optional<Duration> defaultHorizon, Clock clock,
                              boolean makeForecasts) {
        this(forecasts, defaultHorizon, clock, makeForecasts, 1);
    }

    /** @param threads how many workloads are prepared at once, at least 1 */
    public ForecastPrefetcher(ForecastService forecasts, Optional<Duration> defaultHorizon, Clock clock,
                              boolean makeForecasts, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("step job threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger worker = new AtomicInteger();
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "prescient-step-job-" + worker.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.makeForecasts = makeForecasts;
        this.forecasts = forecasts;
        this.defaultHorizon = defaultHorizon;
        this.clock = clock;
    }

    /** Prepares every workload for the current step now, then for each next step ahead of it. */
    public void start(List<WorkloadSpec> workloads) {
        start(() -> workloads);
    }

    /**
     * Prepares every workload for the current step now, then for each next step ahead of it, taking the workloads
     * from {@code catalogue} at each run.
     */
    public void start(Supplier<List<WorkloadSpec>> catalogue) {
        List<WorkloadSpec> now = catalogue.get();
        scheduler.execute(() -> prepareAll(now));
        schedule(catalogue);
        scheduler.scheduleWithFixedDelay(() -> schedule(catalogue), rescan.toMillis(), rescan.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** For tests: look at the catalogue for new steps this often instead of {@link #RESCAN}; before {@link #start}. */
    ForecastPrefetcher rescanEvery(Duration every) {
        this.rescan = every;
        return this;
    }

    /** A job for each step of the catalogue that has none yet: ahead of each next step, its workloads then. */
    private void schedule(Supplier<List<WorkloadSpec>> catalogue) {
        List<Duration> steps;
        try {
            steps = catalogue.get().stream().map(WorkloadSpec::step).distinct().toList();
        } catch (RuntimeException e) {
            LOG.debugf("cannot read the workload catalogue for the step jobs: %s", e.getMessage());
            return;
        }
        for (Duration step : steps) {
            if (!scheduled.add(step)) {
                continue;
            }
            Duration lead = lead(step);
            Instant now = clock.instant();
            Instant next = HistoryCache.stepStart(now, step).plus(step).minus(lead);
            long delay = Duration.between(now, next.isBefore(now) ? next.plus(step) : next).toMillis();
            scheduler.scheduleAtFixedRate(() -> prepareStep(catalogue, step, lead), delay, step.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The catalogue's workloads of {@code step}, for the step starting {@code lead} from now; throws nothing. */
    private void prepareStep(Supplier<List<WorkloadSpec>> catalogue, Duration step, Duration lead) {
        try {
            prepareAll(catalogue.get().stream().filter(w -> w.step().equals(step)).toList(),
                    HistoryCache.stepStart(clock.instant().plus(lead), step));
        } catch (RuntimeException e) {
            LOG.warnf(e, "the step job of the %s step failed; it runs again next step", step);
        }
    }

    /** A quarter of the step, at most {@link #MAX_LEAD}. */
    static Duration lead(Duration step) {
        Duration quarter = step.dividedBy(4);
        return quarter.compareTo(MAX_LEAD) < 0 ? quarter : MAX_LEAD;
    }

    /** Prepares {@code specs} for the current step. */
    void prepareAll(List<WorkloadSpec> specs) {
        for (WorkloadSpec spec : specs) {
            prepare(spec, HistoryCache.stepStart(clock.instant(), spec.step()));
        }
    }

    /** Prepares {@code specs} (all of one step) for the step starting at {@code stepStart}, on all its threads. */
    public void prepareAll(List<WorkloadSpec> specs, Instant stepStart) {
        Instant started = clock.instant();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < specs.size(); i = next.getAndIncrement()) {
                if (!prepare(specs.get(i), stepStart)) {
                    failed.incrementAndGet();
                }
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, specs.size()); t++) {
            helpers.add(workers.submit(drain));
        }
        drain.run();
        for (Future<?> helper : helpers) {
            try {
                helper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.warnf(e.getCause(), "a thread of the step job for %s failed", stepStart);
            }
        }
        LOG.debugf("prefetched %d forecasts for %s (%d failed) in %d ms on %d thread(s)", specs.size(), stepStart,
                failed.get(), Duration.between(started, clock.instant()).toMillis(), threads);
    }

    private boolean prepare(WorkloadSpec spec, Instant stepStart) {
        try {
            forecasts.scoreAccuracy(spec, stepStart);
            if (makeForecasts) {
                forecasts.prepareAhead(spec, Math.max(1, ForecastService.defaultHorizonSteps(spec, defaultHorizon)),
                        stepStart);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("prefetching the forecast of %s for %s failed: %s", spec.key(), stepStart, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}

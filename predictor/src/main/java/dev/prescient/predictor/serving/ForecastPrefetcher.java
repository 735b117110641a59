package dev.prescient.predictor.serving;

import dev.prescient.common.model.WorkloadSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * requests to report.
 */
public final class ForecastPrefetcher implements AutoCloseable {

    /** Longest time ahead of a step its forecasts are made. */
    static final Duration MAX_LEAD = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(ForecastPrefetcher.class);

    private final ForecastService forecasts;
    private final Optional<Duration> defaultHorizon;
    private final Clock clock;
    private final boolean makeForecasts;
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
        this.makeForecasts = makeForecasts;
        this.forecasts = forecasts;
        this.defaultHorizon = defaultHorizon;
        this.clock = clock;
    }

    /** Prepares every workload for the current step now, then for each next step ahead of it. */
    public void start(List<WorkloadSpec> workloads) {
        Map<Duration, List<WorkloadSpec>> byStep = workloads.stream()
                .collect(Collectors.groupingBy(WorkloadSpec::step));
        scheduler.execute(() -> prepareAll(workloads));
        byStep.forEach((step, specs) -> {
            Duration lead = lead(step);
            Instant now = clock.instant();
            Instant next = HistoryCache.stepStart(now, step).plus(step).minus(lead);
            long delay = Duration.between(now, next.isBefore(now) ? next.plus(step) : next).toMillis();
            scheduler.scheduleAtFixedRate(() -> prepareAll(specs, HistoryCache.stepStart(
                    clock.instant().plus(lead), step)), delay, step.toMillis(), TimeUnit.MILLISECONDS);
        });
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

    /** Prepares {@code specs} (all of one step) for the step starting at {@code stepStart}. */
    public void prepareAll(List<WorkloadSpec> specs, Instant stepStart) {
        Instant started = clock.instant();
        long failed = specs.stream().filter(spec -> !prepare(spec, stepStart)).count();
        LOG.debugf("prefetched %d forecasts for %s (%d failed) in %d ms", specs.size(), stepStart, failed,
                Duration.between(started, clock.instant()).toMillis());
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
    }
}

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
 * Fetches each workload's history and makes its default-horizon forecast right after every step
 * starts (and once when the models are ready), so requests find both ready instead of waiting for
 * Prometheus and the model at the start of each step. Failures are left for requests to report.
 */
public final class ForecastPrefetcher implements AutoCloseable {

    /** Wait after a step starts, so the newest step's samples have been scraped. */
    static final Duration AFTER_STEP = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ForecastPrefetcher.class);

    private final ForecastService forecasts;
    private final Optional<Duration> defaultHorizon;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prescient-forecast-prefetch");
        thread.setDaemon(true);
        return thread;
    });

    public ForecastPrefetcher(ForecastService forecasts, Optional<Duration> defaultHorizon, Clock clock) {
        this.forecasts = forecasts;
        this.defaultHorizon = defaultHorizon;
        this.clock = clock;
    }

    /** Prepares every workload now, then after each start of its step. */
    public void start(List<WorkloadSpec> workloads) {
        Map<Duration, List<WorkloadSpec>> byStep = workloads.stream()
                .collect(Collectors.groupingBy(WorkloadSpec::step));
        scheduler.execute(() -> prepareAll(workloads));
        byStep.forEach((step, specs) -> {
            long untilNext = Duration.between(clock.instant(), HistoryCache.stepStart(clock.instant(), step)
                    .plus(step).plus(AFTER_STEP)).toMillis();
            scheduler.scheduleAtFixedRate(() -> prepareAll(specs), Math.max(0, untilNext), step.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    void prepareAll(List<WorkloadSpec> specs) {
        Instant started = clock.instant();
        int failed = 0;
        for (WorkloadSpec spec : specs) {
            try {
                forecasts.prepare(spec, Math.max(1, ForecastService.defaultHorizonSteps(spec, defaultHorizon)));
            } catch (RuntimeException e) {
                failed++;
                LOG.debugf("prefetching the forecast of %s failed: %s", spec.key(), e.getMessage());
            }
        }
        LOG.debugf("prefetched %d forecasts (%d failed) in %d ms", specs.size(), failed,
                Duration.between(started, clock.instant()).toMillis());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package dev.prescient.actuator.loop;

import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the predictor for forecasts and turns every failure into a reason to hold. A tick asks for all of its workloads
 * at once ({@code POST /forecasts}, in chunks of {@code batchSize}); {@code GET /forecast} asks for one. A 5xx answer
 * or a failed connection is retried with exponential backoff (SmallRye Fault Tolerance); a 4xx is not. A circuit
 * breaker stands in front of the batch call: a predictor that cannot be reached (refused, timed out) opens it at the
 * first failure, so the retries and the next ticks within {@code breakerDelay} do not wait for it again; the first
 * tick after that tries once (half-open). A predictor that is down thus costs one connection timeout per tick, not one
 * per workload. A forecast stamped further in the future than the allowed clock skew is refused too: it would pass
 * any staleness check.
 */
public class ForecastFetcher {

    private static final Logger LOG = Logger.getLogger(ForecastFetcher.class);
    /** Workloads per {@code POST /forecasts} when none is configured: the predictor's default limit. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final PredictorApi predictor;
    private final Guard retry;
    private final Guard batchGuard;
    private final Duration maxClockSkew;
    private final ActuatorMetrics metrics;
    private final int batchSize;
    private final Duration breakerDelay;
    private final AtomicReference<String> lastUnreachable = new AtomicReference<>("");
    private final AtomicBoolean legacyLogged = new AtomicBoolean();

    /** A fetcher sending {@link #DEFAULT_BATCH_SIZE} workloads per call, with a one-minute breaker delay. */
    public ForecastFetcher(PredictorApi predictor, int retries, Duration backoff, Duration maxBackoff,
                           Duration maxRetryDuration, Duration maxClockSkew, ActuatorMetrics metrics) {
        this(predictor, retries, backoff, maxBackoff, maxRetryDuration, maxClockSkew, metrics, DEFAULT_BATCH_SIZE,
                Duration.ofMinutes(1));
    }

    /**
     * @param retries further attempts after the first
     * @param backoff wait before the first retry, doubled before each further one up to {@code maxBackoff}
     * @param maxRetryDuration no retry starts after this since the first attempt (at least the first backoff)
     * @param maxClockSkew a forecast generated more than this ahead of the decision time is refused
     * @param batchSize most workloads per {@code POST /forecasts} (at most the predictor's {@code max-batch-workloads})
     * @param breakerDelay how long the breaker stays open after the predictor could not be reached
     */
    public ForecastFetcher(PredictorApi predictor, int retries, Duration backoff, Duration maxBackoff,
                           Duration maxRetryDuration, Duration maxClockSkew, ActuatorMetrics metrics, int batchSize,
                           Duration breakerDelay) {
        this.predictor = predictor;
        this.maxClockSkew = maxClockSkew;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.breakerDelay = breakerDelay;
        this.retry = retrying("GET /forecast", retries, backoff, maxBackoff, maxRetryDuration).build();
        this.batchGuard = retrying("POST /forecasts", retries, backoff, maxBackoff, maxRetryDuration)
                .withCircuitBreaker()
                .requestVolumeThreshold(1).failureRatio(1.0).successThreshold(1)
                .delay(Math.max(1, breakerDelay.toMillis()), ChronoUnit.MILLIS)
                .failOn(ProcessingException.class)
                .onStateChange(this::breakerChanged)
                .done()
                .build();
        metrics.predictorBreakerOpen(false);
    }

    private static Guard.Builder retrying(String description, int retries, Duration backoff, Duration maxBackoff,
                                          Duration maxRetryDuration) {
        long maxDuration = Math.max(maxRetryDuration.toMillis(), backoff.toMillis() + 1);
        return Guard.create()
                .withDescription(description)
                .withRetry()
                .maxRetries(retries)
                .maxDuration(maxDuration, ChronoUnit.MILLIS)
                .delay(backoff.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .retryOn(List.of(PredictorUnavailableException.class, ProcessingException.class))
                .withExponentialBackoff().factor(2)
                .maxDelay(Math.max(1, Math.min(maxBackoff.toMillis(), maxDuration - 1)), ChronoUnit.MILLIS).done()
                .done();
    }

    private void breakerChanged(CircuitBreakerState state) {
        metrics.predictorBreakerOpen(state == CircuitBreakerState.OPEN);
        switch (state) {
            case OPEN -> LOG.warnf("predictor unreachable (%s): circuit open, ticks hold every workload "
                    + "(forecast-missing) without calling it until one call gets through", lastUnreachable.get());
            case HALF_OPEN -> LOG.infof("predictor circuit half-open: the next tick tries one call");
            case CLOSED -> LOG.infof("predictor reachable again: circuit closed");
        }
    }

    /** One workload's forecast ({@code GET /forecast}). @param now the decision time, by the actuator's clock */
    public ForecastFetch fetch(WorkloadSpec spec, Instant now) {
        ForecastResponse response;
        try {
            response = retry.get(() -> predictor.forecast(spec.key()), ForecastResponse.class);
        } catch (PredictorUnavailableException | PredictorRejectedException e) {
            return ForecastFetch.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ForecastFetch.failed("predictor unreachable or its answer unreadable: " + rootMessage(e));
        }
        return accept(spec, response, now);
    }

    /**
     * Every workload's forecast, one {@code POST /forecasts} per {@code batchSize} workloads. A workload the predictor
     * answered with an error, or left out of its answer, gets why; a failed call gives every workload of its chunk
     * the reason.
     *
     * @param now the decision time, by the actuator's clock
     * @return a fetch for every workload, by key; none for the workloads of a chunk an older predictor (without
     *         {@code POST /forecasts}: its JSON 404 {@code not-found} or 405) could not answer, which are to be asked
     *         for one by one ({@link #fetch})
     */
    public Map<String, ForecastFetch> fetchAll(List<WorkloadSpec> specs, Instant now) {
        Map<String, ForecastFetch> fetched = new HashMap<>();
        for (int from = 0; from < specs.size(); from += batchSize) {
            List<WorkloadSpec> chunk = specs.subList(from, Math.min(specs.size(), from + batchSize));
            fetchChunk(chunk, now, fetched);
        }
        return fetched;
    }

    private void fetchChunk(List<WorkloadSpec> chunk, Instant now, Map<String, ForecastFetch> fetched) {
        ForecastBatch.Request request = new ForecastBatch.Request(chunk.stream().map(WorkloadSpec::key).toList());
        ForecastBatch.Response response;
        boolean[] attempted = {false};
        try {
            response = batchGuard.get(() -> {
                attempted[0] = true;
                return call(request);
            }, ForecastBatch.Response.class);
        } catch (CircuitBreakerOpenException e) {
            failAll(chunk, attempted[0]
                    ? "predictor unreachable: " + lastUnreachable.get() + " (circuit breaker open: not retried, and "
                            + "not asked again until " + breakerDelay.toSeconds() + " s have passed)"
                    : "predictor not asked: it could not be reached within the last " + breakerDelay.toSeconds()
                            + " s (" + lastUnreachable.get() + "; circuit breaker open); one call per tick tries again",
                    fetched);
            return;
        } catch (PredictorRejectedException e) {
            if (e.noSuchEndpoint()) {
                if (legacyLogged.compareAndSet(false, true)) {
                    LOG.warnf("the predictor has no POST /forecasts (%s): an older version; each workload asks GET "
                            + "/forecast on its own until the predictor is upgraded", e.getMessage());
                }
                return;
            }
            failAll(chunk, e.getMessage(), fetched);
            return;
        } catch (PredictorUnavailableException e) {
            failAll(chunk, e.getMessage(), fetched);
            return;
        } catch (ProcessingException e) {
            failAll(chunk, "predictor unreachable: " + rootMessage(e), fetched);
            return;
        } catch (RuntimeException e) {
            failAll(chunk, "predictor's answer unreadable: " + rootMessage(e), fetched);
            return;
        }
        Map<String, ForecastBatch.Result> byKey = new HashMap<>();
        if (response != null && response.results() != null) {
            response.results().forEach(r -> byKey.putIfAbsent(r.workload(), r));
        }
        for (WorkloadSpec spec : chunk) {
            fetched.put(spec.key(), result(spec, byKey.get(spec.key()), now));
        }
    }

    /** One attempt; an unreachable predictor's reason is kept for the breaker's log line and the holds' Events. */
    private ForecastBatch.Response call(ForecastBatch.Request request) {
        try {
            return predictor.forecasts(request);
        } catch (ProcessingException e) {
            lastUnreachable.set(rootMessage(e));
            throw e;
        }
    }

    private ForecastFetch result(WorkloadSpec spec, ForecastBatch.Result result, Instant now) {
        if (result == null) {
            return ForecastFetch.failed("the predictor's answer to POST /forecasts left " + spec.key() + " out");
        }
        if (result.status() != 200 || result.forecast() == null) {
            String detail = result.error() == null ? "(no error body)"
                    : result.error().error() + ": " + result.error().detail();
            return ForecastFetch.failed(result.status() >= 500
                    ? new PredictorUnavailableException(result.status(), detail).getMessage()
                    : new PredictorRejectedException(result.status(), detail).getMessage());
        }
        return accept(spec, result.forecast(), now);
    }

    private static void failAll(List<WorkloadSpec> chunk, String problem, Map<String, ForecastFetch> fetched) {
        chunk.forEach(spec -> fetched.put(spec.key(), ForecastFetch.failed(problem)));
    }

    /** The forecast as the policy sees it, or why it cannot be used (malformed, from the future). */
    private ForecastFetch accept(WorkloadSpec spec, ForecastResponse response, Instant now) {
        if (response == null) {
            return ForecastFetch.failed("predictor answered with an empty body");
        }
        ForecastView view;
        try {
            view = response.toView();
        } catch (IllegalArgumentException e) {
            return ForecastFetch.failed("predictor answered a malformed forecast: " + e.getMessage());
        }
        Duration ahead = Duration.between(now, view.generatedAt());
        if (ahead.compareTo(maxClockSkew) > 0) {
            String problem = "forecast generated at " + view.generatedAt() + " is " + ahead.toSeconds()
                    + " s ahead of the actuator's clock (allowed skew " + maxClockSkew.toSeconds()
                    + " s): refused as if missing; check the predictor's clock";
            LOG.warnf("workload=%s model=%s %s", spec.key(), view.modelVersion(), problem);
            metrics.forecastRejected(spec.key(), "future");
            return ForecastFetch.failed(problem);
        }
        return ForecastFetch.of(view, response.accuracySnapshot());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

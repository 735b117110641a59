package dev.prescient.actuator.loop;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Asks the predictor for a workload's forecast and turns every failure into a reason to hold. A 5xx answer or a
 * failed connection is retried with exponential backoff (SmallRye Fault Tolerance); a 4xx is not. A forecast stamped
 * further in the future than the allowed clock skew is refused too: it would pass any staleness check.
 */
public class ForecastFetcher {

    private static final Logger LOG = Logger.getLogger(ForecastFetcher.class);

    private final PredictorApi predictor;
    private final Guard retry;
    private final Duration maxClockSkew;
    private final ActuatorMetrics metrics;

    /**
     * @param retries further attempts after the first
     * @param backoff wait before the first retry, doubled before each further one up to {@code maxBackoff}
     * @param maxRetryDuration no retry starts after this since the first attempt (at least the first backoff)
     * @param maxClockSkew a forecast generated more than this ahead of the decision time is refused
     */
    public ForecastFetcher(PredictorApi predictor, int retries, Duration backoff, Duration maxBackoff,
                           Duration maxRetryDuration, Duration maxClockSkew, ActuatorMetrics metrics) {
        this.predictor = predictor;
        this.maxClockSkew = maxClockSkew;
        this.metrics = metrics;
        this.retry = Guard.create()
                .withDescription("GET /forecast")
                .withRetry()
                .maxRetries(retries)
                .maxDuration(Math.max(maxRetryDuration.toMillis(), backoff.toMillis() + 1), ChronoUnit.MILLIS)
                .delay(backoff.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .retryOn(List.of(PredictorUnavailableException.class, ProcessingException.class))
                .withExponentialBackoff().factor(2).maxDelay(maxBackoff.toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    /** @param now the decision time, by the actuator's clock */
    public ForecastFetch fetch(WorkloadSpec spec, Instant now) {
        ForecastResponse response;
        try {
            response = retry.get(() -> predictor.forecast(spec.key()), ForecastResponse.class);
        } catch (PredictorUnavailableException | PredictorRejectedException e) {
            return ForecastFetch.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ForecastFetch.failed("predictor unreachable or its answer unreadable: " + rootMessage(e));
        }
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

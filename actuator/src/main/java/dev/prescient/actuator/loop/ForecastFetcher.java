package dev.prescient.actuator.loop;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.ws.rs.ProcessingException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Asks the predictor for a workload's forecast and turns every failure into a reason to hold. A 5xx answer or a
 * failed connection is retried with exponential backoff (SmallRye Fault Tolerance); a 4xx is not.
 */
public class ForecastFetcher {

    private final PredictorApi predictor;
    private final Guard retry;

    /**
     * @param retries further attempts after the first
     * @param backoff wait before the first retry, doubled before each further one up to {@code maxBackoff}
     */
    public ForecastFetcher(PredictorApi predictor, int retries, Duration backoff, Duration maxBackoff) {
        this.predictor = predictor;
        this.retry = Guard.create()
                .withDescription("GET /forecast")
                .withRetry()
                .maxRetries(retries)
                .delay(backoff.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .retryOn(List.of(PredictorUnavailableException.class, ProcessingException.class))
                .withExponentialBackoff().factor(2).maxDelay(maxBackoff.toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    public ForecastFetch fetch(WorkloadSpec spec) {
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
        try {
            return ForecastFetch.of(response.toView(), response.accuracySnapshot());
        } catch (IllegalArgumentException e) {
            return ForecastFetch.failed("predictor answered a malformed forecast: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}

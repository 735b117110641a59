package dev.prescient.predictor.serving;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.series.TimeSeries;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * History fetched for one workload and step, and the forecast last made from it.
 */
public final class CachedHistory {

    /** A forecast made from this history by one model version for one horizon. */
    record Made(String model, int horizonSteps, ForecastResponse response) {
    }

    private final TimeSeries series;
    private final Instant fetchedAt;
    private final AtomicReference<Made> made = new AtomicReference<>();

    /**
     * @param series evenly stepped, ending at the step start it was fetched for (exclusive)
     * @param fetchedAt when it came from the source
     */
    public CachedHistory(TimeSeries series, Instant fetchedAt) {
        this.series = series;
        this.fetchedAt = fetchedAt;
    }

    public TimeSeries series() {
        return series;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }

    /** The forecast made from this history by {@code model} for {@code horizonSteps}, if any. */
    ForecastResponse forecast(String model, int horizonSteps) {
        Made m = made.get();
        return m != null && m.model().equals(model) && m.horizonSteps() == horizonSteps ? m.response() : null;
    }

    void remember(String model, int horizonSteps, ForecastResponse response) {
        made.set(new Made(model, horizonSteps, response));
    }
}

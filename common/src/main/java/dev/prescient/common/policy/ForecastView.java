package dev.prescient.common.policy;

import dev.prescient.common.forecast.Forecast;

import java.time.Instant;
import java.util.Objects;

/**
 * A forecast as the policy sees it: the quantiles plus where they came from.
 *
 * @param forecast the quantiles over the horizon
 * @param generatedAt when the predictor produced it
 * @param source {@code model} or {@code fallback:<type>}
 * @param modelVersion version of the model that answered, or the fallback type
 */
public record ForecastView(Forecast forecast, Instant generatedAt, String source, String modelVersion) {

    public static final String SOURCE_MODEL = "model";
    public static final String FALLBACK_PREFIX = "fallback:";

    public ForecastView {
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(source, "source");
    }

    public boolean isFallback() {
        return source.startsWith(FALLBACK_PREFIX);
    }
}

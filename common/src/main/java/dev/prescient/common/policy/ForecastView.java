package dev.prescient.common.policy;

import dev.prescient.common.forecast.Forecast;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A forecast as the policy sees it: the quantiles plus where they came from.
 *
 * @param forecast the quantiles over the horizon
 * @param generatedAt when the predictor produced it
 * @param source {@code model} or {@code fallback:<type>}
 * @param modelVersion version of the model that answered, or the fallback type
 * @param sizing the sizing learnt with that model version; empty when the model came without one
 */
public record ForecastView(Forecast forecast, Instant generatedAt, String source, String modelVersion,
                           Optional<Sizing> sizing) {

    public static final String SOURCE_MODEL = "model";
    public static final String FALLBACK_PREFIX = "fallback:";

    public ForecastView {
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sizing, "sizing");
    }

    /** A forecast whose model came without a learnt sizing. */
    public ForecastView(Forecast forecast, Instant generatedAt, String source, String modelVersion) {
        this(forecast, generatedAt, source, modelVersion, Optional.empty());
    }

    public boolean isFallback() {
        return source.startsWith(FALLBACK_PREFIX);
    }
}

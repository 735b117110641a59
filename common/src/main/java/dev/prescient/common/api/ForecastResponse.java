package dev.prescient.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.ForecastView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code GET /forecast} and {@code POST /forecast}: the wire contract between the
 * predictor (which writes it) and the actuator or any other caller (which read it). Times are
 * ISO-8601 UTC instants, rates are per second as Prometheus gives them.
 *
 * @param workload {@code <namespace>/<name>}
 * @param model the model that answered, or the fallback forecaster when {@code source} is a fallback
 * @param source {@code model} or {@code fallback:<type>}
 * @param generatedAt when the predictor produced this forecast
 * @param historyUntil time of the last history sample the forecast was made from
 * @param stepSeconds spacing of {@code points}
 * @param points one entry per step of the horizon, the first one step after {@code historyUntil}
 * @param freshness how old the inputs were when the forecast was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
        Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness) {

    /** Model identity; {@code stage} is {@code production}, {@code candidate} or {@code fallback}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelRef(String version, String stage, String type) {
    }

    /** One step of the horizon. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(Instant t, double p50, double p90) {
    }

    /**
     * Age of the inputs.
     *
     * @param historyAgeSeconds {@code generatedAt - historyUntil}
     * @param historyCachedAt when the history was fetched from its source
     * @param modelLoadedAt when the serving model was loaded (absent for a fallback)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Freshness(long historyAgeSeconds, Instant historyCachedAt, Instant modelLoadedAt) {
    }

    public ForecastResponse {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(source, "source");
        points = points == null ? List.of() : List.copyOf(points);
    }

    /** Builds the wire form of a forecast. */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness) {
        List<Point> points = new java.util.ArrayList<>(forecast.horizon());
        for (int i = 0; i < forecast.horizon(); i++) {
            points.add(new Point(forecast.timeAt(i), forecast.p50At(i), forecast.p90At(i)));
        }
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil,
                forecast.step().toSeconds(), points, freshness);
    }

    /**
     * The forecast as the scaling policy sees it.
     *
     * @throws IllegalArgumentException naming the field when the response is not a valid forecast
     */
    public ForecastView toView() {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("forecast for " + workload + " has no points");
        }
        if (stepSeconds <= 0) {
            throw new IllegalArgumentException("forecast for " + workload + " has stepSeconds " + stepSeconds
                    + "; it must be positive");
        }
        if (generatedAt == null) {
            throw new IllegalArgumentException("forecast for " + workload + " has no generatedAt");
        }
        double[] p50 = new double[points.size()];
        double[] p90 = new double[points.size()];
        for (int i = 0; i < p50.length; i++) {
            p50[i] = points.get(i).p50();
            p90[i] = points.get(i).p90();
        }
        Instant start = points.get(0).t();
        if (start == null) {
            throw new IllegalArgumentException("forecast for " + workload + " has a point without t");
        }
        Forecast forecast = new Forecast(start, Duration.ofSeconds(stepSeconds), p50, p90);
        String version = model == null ? null : model.version();
        return new ForecastView(forecast, generatedAt, source, version);
    }
}

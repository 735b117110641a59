package dev.prescient.common.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param accuracy how well this workload's served forecasts matched the demand lately; absent (null) when the
 *     predictor does not know it yet (or is older than this field)
 * @param sizing the sizing learnt with the model version that answered, in its {@code sizing.json} form
 *     ({@link SizingJson}); absent (null) for a fallback answer and for a model version without one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
        Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness,
        @JsonInclude(JsonInclude.Include.NON_NULL) Accuracy accuracy,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(type = SchemaType.OBJECT, implementation = Object.class, description = SIZING_DESCRIPTION,
                example = SIZING_EXAMPLE)
        JsonNode sizing) {

    static final String SIZING_DESCRIPTION = "The sizing learnt with the model version that answered: its sizing.json, "
            + "as the trainer wrote it (version 1). floor: how the actuator sizes the floor from this forecast "
            + "(p50 + headroom x (p90 - p50) over the window new pods serve, headroom per phase bin where the "
            + "calibration errors differed; never below the same window on the last memory_days days; null = the "
            + "forecast did not pay for a floor, the HPA alone scales); reactive: the HPA's target utilisation and "
            + "scale-down window the actuator sets in hpa-floor mode; calibration: what this setting did on the "
            + "span the model did not train on. Absent for a fallback answer and for a model version trained "
            + "without sizing (the actuator then sizes for the p90 and leaves the HPA as it is).";
    static final String SIZING_EXAMPLE = "{\"version\": 1, \"slo_short_minutes_pct\": 1.0, "
            + "\"decision_interval_minutes\": 5, \"startup_delay_minutes\": 3, \"floor\": {\"headroom\": "
            + "{\"pooled\": 0.8, \"period_minutes\": 60, \"bin_minutes\": 5, \"by_phase\": {\"0\": 2.4}}, "
            + "\"memory_days\": 3, \"hold_minutes\": 0}, \"reactive\": {\"target_utilization\": 0.75, "
            + "\"scale_down_window_minutes\": 5}, \"calibration\": {\"minutes\": 1440, "
            + "\"under_provisioned_pct\": 0.9, \"cost_vs_reference\": 0.97, \"scale_changes\": 120, "
            + "\"reference_scale_changes\": 140, \"settings_tried\": 600, \"meets_slo\": true}}";

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

    /**
     * Live accuracy of the workload's served forecasts, as {@link AccuracySnapshot} scores it.
     *
     * @param h24 over the last 24 hours
     * @param h1 over the last hour
     * @param modelVersion the model version whose forecasts both windows score (the predictor scores each version
     *     afresh from the moment it serves); absent (null) when unknown: no model has served yet, or the predictor
     *     is older than this field
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Accuracy(AccuracyWindow h24, AccuracyWindow h1,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion) {

        @JsonCreator
        public Accuracy {
            h24 = h24 == null ? AccuracyWindow.UNKNOWN : h24;
            h1 = h1 == null ? AccuracyWindow.UNKNOWN : h1;
        }

        /** Accuracy of an unknown model version. */
        public Accuracy(AccuracyWindow h24, AccuracyWindow h1) {
            this(h24, h1, null);
        }

        public static Accuracy of(AccuracySnapshot snapshot) {
            return new Accuracy(AccuracyWindow.of(snapshot.day()), AccuracyWindow.of(snapshot.hour()),
                    snapshot.modelVersion());
        }

        /**
         * The snapshot these figures were taken from.
         *
         * @param at when it was scored (e.g. the response's {@code generatedAt})
         * @param step the series step ({@code stepSeconds})
         */
        public AccuracySnapshot toSnapshot(Instant at, Duration step) {
            return new AccuracySnapshot(at, step, h24.toWindow(AccuracySnapshot.DAY),
                    h1.toWindow(AccuracySnapshot.HOUR), modelVersion);
        }
    }

    /**
     * Accuracy over one window; a figure is absent (null) when it is unknown.
     *
     * @param mase MASE of the p50 against the one-day seasonal naive on the same steps
     * @param p90Coverage share (0..1) of actuals at or below the p90
     * @param points number of scored steps
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccuracyWindow(Double mase, Double p90Coverage, int points) {

        static final AccuracyWindow UNKNOWN = new AccuracyWindow(null, null, 0);

        static AccuracyWindow of(AccuracySnapshot.Window w) {
            return new AccuracyWindow(known(w.mase()), known(w.p90Coverage()), w.points());
        }

        AccuracySnapshot.Window toWindow(Duration length) {
            return new AccuracySnapshot.Window(length, mase == null ? Double.NaN : mase,
                    p90Coverage == null ? Double.NaN : p90Coverage, Math.max(0, points));
        }

        private static Double known(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    @JsonCreator
    public ForecastResponse {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(source, "source");
        points = points == null ? List.of() : List.copyOf(points);
        sizing = sizing == null || sizing.isNull() || sizing.isMissingNode() ? null : sizing.deepCopy();
    }

    /** A response without sizing (the form before the {@code sizing} field existed). */
    public ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness, Accuracy accuracy) {
        this(workload, model, source, generatedAt, historyUntil, stepSeconds, points, freshness, accuracy, null);
    }

    /** A response without accuracy nor sizing (the form before the {@code accuracy} field existed). */
    public ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness) {
        this(workload, model, source, generatedAt, historyUntil, stepSeconds, points, freshness, null, null);
    }

    /** Builds the wire form of a forecast, without accuracy. */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness) {
        return of(workload, model, source, generatedAt, historyUntil, forecast, freshness, null);
    }

    /** Builds the wire form of a forecast with the workload's live accuracy (null when unknown). */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness, Accuracy accuracy) {
        return of(workload, model, source, generatedAt, historyUntil, forecast, freshness, accuracy, Optional.empty());
    }

    /**
     * Builds the wire form of a forecast with the workload's live accuracy (null when unknown) and the sizing of
     * the model version that made it (empty for a fallback forecast or a version without one).
     */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness, Accuracy accuracy, Optional<Sizing> sizing) {
        List<Point> points = new ArrayList<>(forecast.horizon());
        for (int i = 0; i < forecast.horizon(); i++) {
            points.add(new Point(forecast.timeAt(i), forecast.p50At(i), forecast.p90At(i)));
        }
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil,
                forecast.step().toSeconds(), points, freshness, accuracy, sizing.map(SizingJson::toJson).orElse(null));
    }

    /** This response with another accuracy (null = unknown). */
    public ForecastResponse withAccuracy(Accuracy other) {
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil, stepSeconds, points,
                freshness, other, sizing);
    }

    /** This response with another sizing (empty = none). */
    public ForecastResponse withSizing(Optional<Sizing> other) {
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil, stepSeconds, points,
                freshness, accuracy, other.map(SizingJson::toJson).orElse(null));
    }

    /**
     * The accuracy as a snapshot taken at {@code generatedAt} at this response's step; empty when absent or when
     * the response has no valid {@code generatedAt} or {@code stepSeconds}.
     */
    public Optional<AccuracySnapshot> accuracySnapshot() {
        if (accuracy == null || generatedAt == null || stepSeconds <= 0) {
            return Optional.empty();
        }
        return Optional.of(accuracy.toSnapshot(generatedAt, Duration.ofSeconds(stepSeconds)));
    }

    /**
     * The forecast as the scaling policy sees it, with the model version's sizing when the response carries one.
     *
     * @throws IllegalArgumentException naming the field when the response is not a valid forecast or its sizing is
     *     not a sizing document this build reads
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
        return new ForecastView(forecast, generatedAt, source, version, sizingOf(version));
    }

    private Optional<Sizing> sizingOf(String version) {
        if (sizing == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SizingJson.fromJson(sizing));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("forecast for " + workload + " from model " + version
                    + " has a sizing this build cannot use: " + e.getMessage(), e);
        }
    }
}

package dev.prescient.common.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.ForecastView;

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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
        Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness,
        @JsonInclude(JsonInclude.Include.NON_NULL) Accuracy accuracy) {

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
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Accuracy(AccuracyWindow h24, AccuracyWindow h1) {

        public Accuracy {
            h24 = h24 == null ? AccuracyWindow.UNKNOWN : h24;
            h1 = h1 == null ? AccuracyWindow.UNKNOWN : h1;
        }

        public static Accuracy of(AccuracySnapshot snapshot) {
            return new Accuracy(AccuracyWindow.of(snapshot.day()), AccuracyWindow.of(snapshot.hour()));
        }

        /**
         * The snapshot these figures were taken from.
         *
         * @param at when it was scored (e.g. the response's {@code generatedAt})
         * @param step the series step ({@code stepSeconds})
         */
        public AccuracySnapshot toSnapshot(Instant at, Duration step) {
            return new AccuracySnapshot(at, step, h24.toWindow(AccuracySnapshot.DAY),
                    h1.toWindow(AccuracySnapshot.HOUR));
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
    }

    /** A response without accuracy (the form before the {@code accuracy} field existed). */
    public ForecastResponse(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, long stepSeconds, List<Point> points, Freshness freshness) {
        this(workload, model, source, generatedAt, historyUntil, stepSeconds, points, freshness, null);
    }

    /** Builds the wire form of a forecast, without accuracy. */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness) {
        return of(workload, model, source, generatedAt, historyUntil, forecast, freshness, null);
    }

    /** Builds the wire form of a forecast with the workload's live accuracy (null when unknown). */
    public static ForecastResponse of(String workload, ModelRef model, String source, Instant generatedAt,
            Instant historyUntil, Forecast forecast, Freshness freshness, Accuracy accuracy) {
        List<Point> points = new ArrayList<>(forecast.horizon());
        for (int i = 0; i < forecast.horizon(); i++) {
            points.add(new Point(forecast.timeAt(i), forecast.p50At(i), forecast.p90At(i)));
        }
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil,
                forecast.step().toSeconds(), points, freshness, accuracy);
    }

    /** This response with another accuracy (null = unknown). */
    public ForecastResponse withAccuracy(Accuracy other) {
        return new ForecastResponse(workload, model, source, generatedAt, historyUntil, stepSeconds, points,
                freshness, other);
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

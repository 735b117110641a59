package dev.prescient.predictor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.predictor.serving.ForecastAccuracy;
import java.time.Instant;
import java.util.Map;

/**
 * The live accuracy of one workload in {@code GET /workloads}.
 *
 * @param scoredAt end (exclusive) of both windows: the start of the step it was scored for
 * @param day the last 24 hours
 * @param hour the last hour
 * @param modelVersion the model version both windows score (scored afresh from the moment it serves); absent
 *     (null) until a model has served
 */
public record WorkloadAccuracy(Instant scoredAt, @JsonProperty("24h") Window day, @JsonProperty("1h") Window hour,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion) {

    /**
     * Accuracy over one window.
     *
     * @param mase MASE of the p50 against the one-day seasonal naive on the same steps; null when unknown
     * @param p90Coverage share (0..1) of actuals at or below the p90; null when unknown
     * @param points steps scored (a forecast, the actual and the actual one day earlier known)
     * @param sources points per source of the forecast that judged them ({@code model},
     *     {@code fallback:seasonal-naive}); they add up to {@code points}
     */
    public record Window(Double mase, Double p90Coverage, int points, Map<String, Integer> sources) {

        static Window of(AccuracySnapshot.Window w, Map<String, Integer> sources) {
            return new Window(known(w.mase()), known(w.p90Coverage()), w.points(), sources);
        }

        private static Double known(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    static WorkloadAccuracy of(ForecastAccuracy.Scored scored) {
        AccuracySnapshot s = scored.snapshot();
        return new WorkloadAccuracy(s.at(), Window.of(s.day(), scored.daySources()),
                Window.of(s.hour(), scored.hourSources()), s.modelVersion());
    }
}

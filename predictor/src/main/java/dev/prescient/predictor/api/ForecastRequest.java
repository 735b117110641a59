package dev.prescient.predictor.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /forecast}: a forecast from history the caller supplies instead of Prometheus. Read by
 * {@link ForecastRequestReader}, which stops at the value cap.
 *
 * @param workload {@code <namespace>/<name>} of a configured workload
 * @param horizon how far ahead, e.g. {@code 30m}; the workload's horizon when absent
 * @param history the recent series, newest value last
 */
@Schema(description = "Forecast request with explicit history")
public record ForecastRequest(
        @Schema(example = "payments/api", required = true) String workload,
        @Schema(example = "30m") String horizon,
        @Schema(required = true) History history) {

    /**
     * An evenly stepped series.
     *
     * @param start time of the first value, ISO-8601
     * @param stepSeconds spacing in seconds; must equal the workload's step
     * @param values requests per second, one per step; a JSON null (a gap) is read as NaN; null when absent
     */
    @Schema(description = "Evenly stepped request rates, oldest first; null is a gap")
    public record History(
            @Schema(example = "2026-11-26T10:00:00Z", required = true) Instant start,
            @Schema(example = "60", required = true) Long stepSeconds,
            @Schema(required = true, description = "at most " + RequestParser.MAX_VALUES
                    + " request rates >= 0, null for a gap") double[] values) {
    }
}

package dev.prescient.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The wire contract of {@code POST /forecasts}: many workloads' forecasts in one call, each answered as
 * {@code GET /forecast?workload=…} would answer it.
 */
public final class ForecastBatch {

    private ForecastBatch() {
    }

    /** The request body: the workloads wanted, {@code <namespace>/<name>} each, in the order wanted. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ForecastBatchRequest", description = "The workloads whose forecasts are wanted")
    public record Request(
            @Schema(description = "<namespace>/<name> of each workload; duplicates are answered once",
                    example = "[\"payments/api\", \"shop/cart\"]", required = true)
            List<String> workloads) {
    }

    /** The answer: one result per distinct workload asked for, in the order asked. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ForecastBatchResponse", description = "One result per distinct workload asked for, in order")
    public record Response(List<Result> results) {
    }

    /**
     * One workload's answer: the status {@code GET /forecast} would have answered and either its forecast (200) or
     * its error body (any other status).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ForecastBatchResult")
    public record Result(
            @Schema(description = "<namespace>/<name> as asked for", example = "payments/api") String workload,
            @Schema(description = "what GET /forecast would answer: 200, 400, 404, 503 or 500", example = "200")
            int status,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "the forecast, when status is 200") ForecastResponse forecast,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "why there is none, when status is not 200: the error GET /forecast would answer")
            ErrorResponse error) {

        public static Result of(ForecastResponse forecast) {
            return new Result(forecast.workload(), 200, forecast, null);
        }

        public static Result failed(String workload, int status, String error, String detail) {
            return new Result(workload, status, null, new ErrorResponse(error, detail));
        }
    }
}

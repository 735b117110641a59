package dev.prescient.common.series.prometheus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON answer of {@code /api/v1/query_range}: {@code status} is "success" or "error"; on
 * success {@code data.result} holds one entry per series, each value a pair
 * {@code [unixSeconds, "value"]} whose value may be "NaN", "+Inf" or "-Inf".
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryRangeResponse(String status, Data data, String errorType, String error) {

    public static final String SUCCESS = "success";

    /** The result of a successful query. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String resultType, List<RangeSeries> result) {
    }

    /** One series: its label set and its {@code [time, "value"]} pairs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RangeSeries(Map<String, String> metric, List<JsonNode> values) {
    }

    public boolean isSuccess() {
        return SUCCESS.equals(status);
    }

    /** The series of a successful answer; empty when there are none. */
    public List<RangeSeries> series() {
        return data == null || data.result() == null ? List.of() : data.result();
    }
}

package dev.prescient.common.series.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

/**
 * Prometheus answered with an HTTP error status. {@code errorText} is the {@code error} field of
 * its JSON body (e.g. {@code parse error at char 5: unexpected ...}) or, when the body is not
 * Prometheus JSON (a proxy's page), the start of the body.
 */
public class PrometheusHttpException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_BODY = 300;

    private final int status;
    private final String errorType;
    private final String errorText;

    public PrometheusHttpException(int status, String errorType, String errorText) {
        super("HTTP " + status + (errorType.isEmpty() ? "" : " " + errorType) + ": " + errorText);
        this.status = status;
        this.errorType = errorType;
        this.errorText = errorText;
    }

    /** Reads status and error text from an error response. */
    public static PrometheusHttpException from(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return fromBody(response.getStatus(), body);
    }

    static PrometheusHttpException fromBody(int status, String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null && json.hasNonNull("error")) {
                return new PrometheusHttpException(status, json.path("errorType").asText(""),
                        json.get("error").asText());
            }
        } catch (java.io.IOException notJson) {
            // fall through: report the raw body
        }
        String raw = text.isEmpty() ? "(empty body)" : text;
        return new PrometheusHttpException(status, "",
                raw.length() > MAX_RAW_BODY ? raw.substring(0, MAX_RAW_BODY) + "..." : raw);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public String errorText() {
        return errorText;
    }

    /** Whether asking again later may succeed: server errors and rate limiting. */
    public boolean isTransient() {
        return status >= 500 || status == 429;
    }
}

package dev.prescient.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.api.ErrorResponse;
import dev.prescient.predictor.serving.PredictorMetrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} with 413 and
 * a JSON {@code body-too-large} error, before anything reads its body, and closes the connection. It runs ahead
 * of Quarkus' own check of the same limit, which answers with an empty body; that one still refuses a chunked
 * body once it grows past the limit.
 */
@ApplicationScoped
public class BodyLimit {

    /** Ahead of Quarkus' body-size route (order -2): filter order is minus the priority. */
    static final int PRIORITY = 100;

    void register(@Observes Filters filters, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max,
                  PredictorMetrics metrics, ObjectMapper json) {
        long limit = max.asLongValue();
        String refusal = refusal(json, limit);
        filters.register(context -> check(context, limit, refusal, metrics), PRIORITY);
    }

    private static void check(RoutingContext context, long limit, String refusal, PredictorMetrics metrics) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > limit) {
            metrics.rejected(ApiException.BODY_TOO_LARGE);
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .end(refusal);
            return;
        }
        context.next();
    }

    /** The declared length; a malformed one is left to the HTTP layer, which refuses it. */
    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String refusal(ObjectMapper json, long limit) {
        try {
            return json.writeValueAsString(new ErrorResponse(ApiException.BODY_TOO_LARGE, "the body is larger than "
                    + limit + " bytes, the most this predictor reads (quarkus.http.limits.max-body-size); a POST "
                    + "/forecast carries at most " + RequestParser.MAX_VALUES + " values"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the body-too-large error as JSON", e);
        }
    }
}

package dev.prescient.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.prescient.common.api.ErrorResponse;
import dev.prescient.predictor.serving.ForecastUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure leaves as {@code {"error", "detail"}} JSON with its status, never a stack trace:
 * refused parameters 400/404, unavailable forecasts 503, unreadable bodies 400, too many POSTs at once 503
 * {@code busy} with {@code Retry-After}, a refusal before the body was read to its end with
 * {@code Connection: close} (the rest is not read), framework refusals (unknown path, wrong method or media type) with
 * their own status, anything else 500 (logged once). Details pass through {@link Redaction}: no registry
 * address, bucket, Prometheus address or query reaches the client.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);
    private static final int MAX_DETAIL = 300;
    /** Seconds a client refused as {@code busy} should wait. */
    static final String RETRY_AFTER = "1";

    private final Redaction redaction;

    public ApiErrors(Redaction redaction) {
        this.redaction = redaction;
    }

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        Response.ResponseBuilder response = Response.fromResponse(json(e.status(), e.error(),
                redaction.apply(e.getMessage())));
        if (ApiException.BUSY.equals(e.error())) {
            response.header("Retry-After", RETRY_AFTER);
        }
        if (e.closesConnection()) {
            response.header("Connection", "close");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unavailable(ForecastUnavailableException e) {
        LOG.debugf("forecast unavailable: %s", e.getMessage());
        return json(503, e.reason(), redaction.apply(e.getMessage()));
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e) {
        return json(400, ApiException.BAD_PARAMETER, "body: " + redaction.apply(bodyProblem(e)));
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return json(status, errorName(status), redaction.apply(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        LOG.errorf(e, "unexpected failure while answering a request");
        return json(500, "internal-error", "the predictor failed unexpectedly; the cause is in its log");
    }

    static Response json(int status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(error, truncate(detail))).build();
    }

    private static String bodyProblem(JsonProcessingException e) {
        String where = "";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            where = "field '" + mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[") + "': ";
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return where + "is not valid JSON of the expected shape (" + message.lines().findFirst().orElse("")
                + "); send {\"workload\", \"horizon\", \"history\": {\"start\", \"stepSeconds\", \"values\"}}";
    }

    private static String errorName(int status) {
        return switch (status) {
            case 400 -> ApiException.BAD_PARAMETER;
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }

    /** The detail as every error body carries it: control characters blanked, at most 300 characters. */
    static String truncate(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "..." : clean;
    }
}

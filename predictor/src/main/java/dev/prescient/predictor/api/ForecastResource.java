package dev.prescient.predictor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.api.ErrorResponse;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.predictor.serving.ForecastService;
import dev.prescient.predictor.serving.ForecastUnavailableException;
import dev.prescient.predictor.serving.PredictorConfig;
import dev.prescient.predictor.serving.PredictorMetrics;
import dev.prescient.common.config.WorkloadCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /forecast} (history from Prometheus, cached per step) and {@code POST /forecast} (history in the body). */
@Path("/forecast")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    private final ForecastService forecasts;
    private final PredictorMetrics metrics;
    private final RequestParser parser;
    private final ResponseBodies bodies;
    /**
     * A body without {@code Content-Length} (chunked) is refused 413 by the reader this far below
     * {@code max-body-size}: Quarkus refuses it at the limit too, but with an empty body, after which a JSON
     * answer could no longer be written; the gap covers what Quarkus has received ahead of the reader.
     */
    static final long CHUNKED_MARGIN = 1024 * 1024;

    private final ForecastRequestReader reader = new ForecastRequestReader();
    private final PostLimiter posts;

    private final long chunkedBodyLimit;

    public ForecastResource(ForecastService forecasts, PredictorMetrics metrics, WorkloadCatalog workloads,
                            PredictorConfig config, ObjectMapper json, PostLimiter posts,
                            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.bodies = new ResponseBodies(json);
        this.forecasts = forecasts;
        this.metrics = metrics;
        this.parser = new RequestParser(workloads, config.defaultHorizon());
        this.posts = posts;
        this.chunkedBodyLimit = Math.max(0, maxBody.asLongValue() - CHUNKED_MARGIN);
    }

    @GET
    @Operation(summary = "Forecast a workload's request rate from its recent history",
            description = "p50 and p90 per step over the horizon, from the workload's production model or, without "
                    + "one, from the seasonal-naive fallback (source says which).")
    @APIResponse(responseCode = "200", description = "The forecast",
            content = @Content(schema = @Schema(implementation = ForecastResponse.class)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed; detail names it",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown workload; detail lists the known ones",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "History unavailable or too short; hold and retry",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> get(
            @Parameter(description = "<namespace>/<name>", example = "payments/api") @QueryParam("workload")
            String workload,
            @Parameter(description = "how far ahead, e.g. 30m; default the workload's horizon", example = "30m")
            @QueryParam("horizon") String horizon) {
        long started = System.nanoTime();
        Runnable took = () -> metrics.requestTook("GET", Duration.ofNanos(System.nanoTime() - started));
        WorkloadSpec spec;
        int steps;
        try {
            spec = parser.workload(workload);
            steps = parser.horizonSteps(spec, horizon);
        } catch (ApiException e) {
            took.run();
            throw e;
        }
        // a forecast already made for this step is answered on the I/O thread; anything that may wait for
        // Prometheus or run a model goes to a worker thread
        Optional<ForecastResponse> ready = forecasts.ready(spec, steps);
        Uni<ForecastResponse> forecast = ready.isPresent() ? Uni.createFrom().item(ready.get())
                : Uni.createFrom().item(() -> forecasts.fromSource(spec, steps))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return forecast.map(f -> Response.ok(bodies.of(f), MediaType.APPLICATION_JSON_TYPE).build())
                .onTermination().invoke(took);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forecast a workload's request rate from history sent in the body",
            description = "For callers without Prometheus: the same answer as GET, from the given series.")
    @APIResponse(responseCode = "200", description = "The forecast",
            content = @Content(schema = @Schema(implementation = ForecastResponse.class)))
    @APIResponse(responseCode = "400", description = "The body is malformed or its history too short; detail says "
            + "which field", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown workload; detail lists the known ones",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than quarkus.http.limits.max-body-size",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "503", description = "Too many POSTs are being computed; retry shortly",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public ForecastResponse post(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ForecastRequest.class)))
                                 InputStream body,
                                 @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
        return timed("POST", () -> {
            try (PostLimiter.Permit permit = posts.acquire()) {
                // with a Content-Length, the HTTP layer has refused a body over the limit before it was read
                return answer(reader.read(body, length == null ? chunkedBodyLimit : Long.MAX_VALUE));
            } catch (ApiException e) {
                if (ApiException.BODY_TOO_LARGE.equals(e.error())) {
                    metrics.rejected(ApiException.BODY_TOO_LARGE);
                }
                throw e;
            }
        });
    }

    private ForecastResponse answer(ForecastRequest request) {
        if (request == null) {
            throw ApiException.badParameter("body", "is required: {\"workload\": \"<namespace>/<name>\", "
                    + "\"horizon\": \"30m\", \"history\": {\"start\", \"stepSeconds\", \"values\"}}");
        }
        WorkloadSpec spec = parser.workload(request.workload());
        int steps = parser.horizonSteps(spec, request.horizon());
        try {
            return forecasts.fromHistory(spec, parser.history(spec, request.history(), steps), steps);
        } catch (ForecastUnavailableException e) {
            throw ApiException.badParameter("history.values", e.getMessage());
        }
    }

    private ForecastResponse timed(String method, Supplier<ForecastResponse> call) {
        long started = System.nanoTime();
        try {
            return call.get();
        } finally {
            metrics.requestTook(method, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}

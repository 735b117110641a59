package dev.prescient.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.api.ErrorResponse;
import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.predictor.serving.ForecastService;
import dev.prescient.predictor.serving.ForecastUnavailableException;
import dev.prescient.predictor.serving.PredictorConfig;
import dev.prescient.predictor.serving.PredictorMetrics;
import dev.prescient.common.config.WorkloadCatalog;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * {@code POST /forecasts}: many workloads' forecasts in one call (the actuator asks for all of its workloads once
 * per tick). Each workload is answered as {@code GET /forecast?workload=…} answers it, with its default horizon:
 * the same forecast (reused within the step, recorded for the live accuracy) or the same error, as that workload's
 * result; one workload's failure never fails the others. At most {@code prescient.predictor.max-batch-workloads}
 * workloads per call (413 {@code too-many-workloads} beyond). Forecasts not already made are made a few at a time
 * ({@link #PARALLELISM}) on worker threads.
 */
@Path("/forecasts")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastsResource {

    private static final Logger LOG = Logger.getLogger(ForecastsResource.class);
    static final String TOO_MANY_WORKLOADS = "too-many-workloads";
    /** Forecasts a batch makes at once (each may wait for Prometheus or run a model). */
    static final int PARALLELISM = 4;
    private static final String SHAPE = "send {\"workloads\": [\"<namespace>/<name>\", ...]}";

    private final ForecastService forecasts;
    private final PredictorMetrics metrics;
    private final RequestParser parser;
    private final Redaction redaction;
    private final ObjectMapper json;
    private final int maxWorkloads;

    public ForecastsResource(ForecastService forecasts, PredictorMetrics metrics, WorkloadCatalog workloads,
                             PredictorConfig config, Redaction redaction, ObjectMapper json) {
        this.forecasts = forecasts;
        this.metrics = metrics;
        this.parser = new RequestParser(workloads, config.defaultHorizon());
        this.redaction = redaction;
        this.json = json;
        this.maxWorkloads = config.maxBatchWorkloads();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forecast many workloads in one call",
            description = "Each workload is answered as GET /forecast?workload=<it> answers it (default horizon): its "
                    + "forecast with status 200, or the status and error GET would give (400, 404, 503) as its own "
                    + "result; one workload's failure does not fail the call. Duplicates are answered once. At most "
                    + "prescient.predictor.max-batch-workloads (default 1000) workloads per call.")
    @APIResponse(responseCode = "200", description = "One result per distinct workload, in the order asked",
            content = @Content(schema = @Schema(implementation = ForecastBatch.Response.class)))
    @APIResponse(responseCode = "400", description = "The body is not {\"workloads\": [...]} or the list is empty",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "More workloads than prescient.predictor.max-batch-workloads "
            + "(error too-many-workloads; detail names the limit), or a body over quarkus.http.limits.max-body-size",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public ForecastBatch.Response post(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ForecastBatch.Request.class)))
                                       InputStream body) {
        long started = System.nanoTime();
        try {
            List<String> keys = keys(body);
            List<ForecastBatch.Result> results = new ArrayList<>(keys.size());
            List<Integer> pending = new ArrayList<>();
            for (String key : keys) {
                Optional<ForecastBatch.Result> ready = readyOrRefused(key);
                results.add(ready.orElse(null));
                if (ready.isEmpty()) {
                    pending.add(results.size() - 1);
                }
            }
            makePending(keys, pending, results);
            return new ForecastBatch.Response(results);
        } finally {
            metrics.requestTook("BATCH", Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The distinct workload keys of the body, in order, or a 400/413 naming what is wrong. */
    private List<String> keys(InputStream body) {
        ForecastBatch.Request request;
        try {
            request = json.readValue(body, ForecastBatch.Request.class);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw ApiException.badParameter("body", "is not valid JSON of the expected shape (" + message + "); "
                    + SHAPE);
        } catch (IOException e) {
            throw ApiException.badParameter("body", "cannot be read (" + e.getMessage() + "); " + SHAPE);
        }
        if (request == null || request.workloads() == null || request.workloads().isEmpty()) {
            throw ApiException.badParameter("workloads", "is required and must name at least one workload; " + SHAPE);
        }
        if (request.workloads().size() > maxWorkloads) {
            metrics.rejected(TOO_MANY_WORKLOADS);
            throw new ApiException(413, TOO_MANY_WORKLOADS, "workloads: at most " + maxWorkloads
                    + " per request (prescient.predictor.max-batch-workloads), got " + request.workloads().size()
                    + "; split the list into several requests");
        }
        return List.copyOf(new LinkedHashSet<>(request.workloads().stream()
                .map(k -> k == null ? "" : k).toList()));
    }

    /** The result known without waiting: a refused key, or a forecast already made; empty when one must be made. */
    private Optional<ForecastBatch.Result> readyOrRefused(String key) {
        try {
            WorkloadSpec spec = parser.workload(key);
            return forecasts.ready(spec, parser.horizonSteps(spec, null)).map(ForecastBatch.Result::of);
        } catch (ApiException e) {
            return Optional.of(ForecastBatch.Result.failed(key, e.status(), e.error(),
                    detail(e.getMessage())));
        }
    }

    /** Makes the pending forecasts, {@link #PARALLELISM} streams of them at once on worker threads. */
    private void makePending(List<String> keys, List<Integer> pending, List<ForecastBatch.Result> results) {
        int streams = Math.min(PARALLELISM, pending.size());
        List<CompletableFuture<Void>> running = new ArrayList<>(streams);
        for (int s = 0; s < streams; s++) {
            int stream = s;
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = stream; i < pending.size(); i += streams) {
                    int at = pending.get(i);
                    results.set(at, made(keys.get(at)));
                }
            }, Infrastructure.getDefaultWorkerPool()));
        }
        running.forEach(CompletableFuture::join);
    }

    /** A detail as {@code GET /forecast}'s error body carries it: redacted and truncated. */
    private String detail(String message) {
        return ApiErrors.truncate(redaction.apply(message));
    }

    private ForecastBatch.Result made(String key) {
        try {
            WorkloadSpec spec = parser.workload(key);
            ForecastResponse response = forecasts.fromSource(spec, parser.horizonSteps(spec, null));
            return ForecastBatch.Result.of(response);
        } catch (ApiException e) {
            return ForecastBatch.Result.failed(key, e.status(), e.error(), detail(e.getMessage()));
        } catch (ForecastUnavailableException e) {
            return ForecastBatch.Result.failed(key, 503, e.reason(), detail(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "workload=%s unexpected failure while answering a batch", key);
            return ForecastBatch.Result.failed(key, 500, "internal-error",
                    "the predictor failed unexpectedly; the cause is in its log");
        }
    }
}

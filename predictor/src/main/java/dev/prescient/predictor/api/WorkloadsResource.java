package dev.prescient.predictor.api;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.predictor.serving.ForecastAccuracy;
import dev.prescient.predictor.serving.ForecastService;
import dev.prescient.predictor.serving.ModelLifecycle;
import dev.prescient.predictor.serving.ModelSlot;
import dev.prescient.predictor.serving.ProductionVersion;
import dev.prescient.predictor.serving.ServingModel;
import dev.prescient.common.config.WorkloadCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /workloads}: every configured workload with its production model, state and live accuracy. The
 * errors it shows name the workload and the version but not the registry's address, bucket or the queries
 * ({@link Redaction}).
 */
@Path("/workloads")
@Produces(MediaType.APPLICATION_JSON)
public class WorkloadsResource {

    private final WorkloadCatalog workloads;
    private final ModelLifecycle models;
    private final ForecastAccuracy accuracy;
    private final Redaction redaction;

    public WorkloadsResource(WorkloadCatalog workloads, ModelLifecycle models, ForecastAccuracy accuracy,
                             Redaction redaction) {
        this.workloads = workloads;
        this.models = models;
        this.accuracy = accuracy;
        this.redaction = redaction;
    }

    @GET
    @Operation(summary = "List the configured workloads with the model serving each")
    public List<WorkloadStatus> list() {
        return workloads.all().stream().map(this::status).toList();
    }

    private WorkloadStatus status(WorkloadSpec spec) {
        // a workload that joined the catalogue since the last poll has no slot yet: loading, as at start-up
        ModelSlot.State s = models.slot(spec.key()).orElseGet(() -> new ModelSlot(spec.key())).state();
        String state = !s.ready() ? "loading" : s.production().isPresent() ? "model" : "fallback";
        String source = s.production().isPresent() ? ForecastService.SOURCE_MODEL : ForecastService.SOURCE_FALLBACK;
        ForecastResponse.ModelRef model = s.production().map(WorkloadsResource::ref).orElse(null);
        Optional<ServingModel> loaded = models.loaded().peek(spec.key())
                .filter(m -> s.production().map(ProductionVersion::version).filter(m.version()::equals).isPresent());
        return new WorkloadStatus(spec.key(), spec.step().toSeconds(), spec.horizon().toSeconds(), state, source,
                model, loaded.isPresent(), loaded.map(ServingModel::loadedAt).orElse(null),
                redaction.apply(s.fallbackReason().orElse(null)), redaction.apply(s.lastError().orElse(null)),
                s.checkedAt().orElse(null),
                accuracy.latest(spec.key()).map(WorkloadAccuracy::of).orElse(null));
    }

    private static ForecastResponse.ModelRef ref(ProductionVersion m) {
        return new ForecastResponse.ModelRef(m.version(), "production", m.type());
    }
}

package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.ModelLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the registry poller runs; independent of the registry, Prometheus and readiness. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private final ModelLifecycle models;

    public LivenessCheck(ModelLifecycle models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("registry-poller").status(models.pollerAlive()).build();
    }
}

package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.ModelLifecycle;
import dev.prescient.predictor.serving.ModelSlot;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the configuration is loaded and every workload has its production version (verified on local
 * disk; the model itself is loaded on the workload's first request) or an explicit fallback; the data counts
 * each kind, and the models loaded in memory now.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final ModelLifecycle models;

    public ReadinessCheck(ModelLifecycle models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        long loading = 0;
        long withModel = 0;
        long fallback = 0;
        for (ModelSlot slot : models.slots()) {
            ModelSlot.State s = slot.state();
            if (!s.ready()) {
                loading++;
            } else if (s.production().isPresent()) {
                withModel++;
            } else {
                fallback++;
            }
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("models").status(models.ready())
                .withData("workloads", models.slots().size()).withData("model", withModel)
                .withData("fallback", fallback).withData("loading", loading)
                .withData("loaded", models.loaded().size()).withData("maxLoaded", models.loaded().capacity());
        return response.build();
    }
}

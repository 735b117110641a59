package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.ModelLifecycle;
import dev.prescient.predictor.serving.PollerHeartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the registry poller makes progress: down once it has not completed a round for
 * {@value ModelLifecycle#MISSED_POLLS} poll intervals (stuck in a call, thread dead, or every round broken
 * off by an {@link Error}), so that Kubernetes restarts a predictor whose models would otherwise go stale
 * unnoticed. Independent of whether the registry or Prometheus answer, and of readiness.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private final ModelLifecycle models;

    public LivenessCheck(ModelLifecycle models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        PollerHeartbeat.Status poller = models.pollerStatus();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("registry-poller").status(poller.alive())
                .withData("started", poller.started()).withData("rounds", poller.rounds())
                .withData("maxSilence", poller.maxSilence().toString());
        poller.lastRound().ifPresent(t -> response.withData("lastRound", t.toString()));
        poller.lastCheck().ifPresent(t -> response.withData("lastCheck", t.toString()));
        poller.lastBreak().ifPresent(b -> response.withData("lastBreak", b));
        return response.build();
    }
}

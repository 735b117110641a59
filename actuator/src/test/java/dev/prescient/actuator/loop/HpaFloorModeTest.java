package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** hpa-floor mode: the HPA's minReplicas follows the forecast, the HPA keeps the replicas. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class HpaFloorModeTest {

    private static final String NS = "floor";

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler reconciler;
    @Inject
    MeterRegistry registry;
    @FakePredictor.Inject
    WireMockServer predictor;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    @Test
    void raisesTheHpaFloorAndHandsItBackToTheHpaWhenTheForecastIsUnavailable() {
        WorkloadSpec spec = Fixtures.spec(NS, "api", ScalingMode.HPA_FLOOR, 2, 20);
        fx.deployment(NS, "api", 3, Map.of());
        fx.hpa(NS, "api", 2, 20);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision up = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(up.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(fx.hpaFloor(NS, "api")).isEqualTo(7);
        assertThat(fx.replicas(NS, "api")).as("the HPA, not Prescient, sets the replicas").isEqualTo(3);

        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        Decision hold = reconciler.reconcile(spec, now.plusSeconds(300)).orElseThrow();

        assertThat(hold.holdReason()).contains(HoldReason.FORECAST_MISSING);
        assertThat(fx.hpaFloor(NS, "api")).as("a hold hands the floor back to the HPA").isEqualTo(2);
        assertThat(fx.replicas(NS, "api")).as("the HPA, not Prescient, scales down").isEqualTo(3);
        assertThat(fx.events(NS, "api")).extracting(Event::getReason)
                .containsExactly("PredictiveScaleUp", "PredictiveHold");
        assertThat(fx.events(NS, "api").get(0).getMessage()).startsWith("scaled HPA floor 2→7");
        assertThat(fx.events(NS, "api").get(1).getMessage())
                .contains("instead the HPA's original minReplicas 2 is restored (7→2")
                .contains("predictor answered 503 history-unavailable: Prometheus is down");
        assertThat(registry.find("prescient.scale.actions").tags("workload", spec.key(), "direction", "up")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void neverSetsTheFloorAboveTheHpaMaxReplicas() {
        WorkloadSpec spec = Fixtures.spec(NS, "capped", ScalingMode.HPA_FLOOR, 1, 20);
        fx.deployment(NS, "capped", 2, Map.of());
        fx.hpa(NS, "capped", 1, 5);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 900, "model"));

        reconciler.reconcile(spec, now);

        assertThat(fx.hpaFloor(NS, "capped")).isEqualTo(5);
        assertThat(fx.events(NS, "capped")).singleElement().extracting(Event::getMessage).asString()
                .contains("floor capped at the HPA's maxReplicas 5");
    }

    @Test
    void reportsAMissingHpaOnceAndChangesNothing() {
        WorkloadSpec spec = Fixtures.spec(NS, "no-hpa", ScalingMode.HPA_FLOOR, 1, 20);
        fx.deployment(NS, "no-hpa", 3, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        for (int tick = 0; tick < 3; tick++) {
            assertThat(reconciler.reconcile(spec, now.plusSeconds(300L * tick))).isEmpty();
        }

        assertThat(fx.replicas(NS, "no-hpa")).isEqualTo(3);
        assertThat(fx.events(NS, "no-hpa")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("PredictiveHpaMissing");
            assertThat(e.getMessage()).contains("create one, or set mode: replicas");
        });
        assertThat(registry.find("prescient.holds").tags("workload", spec.key(), "reason", "hpa-missing")
                .counter().count()).isEqualTo(3.0);
    }
}

package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The metrics the issue names, exactly as Prometheus scrapes them from /q/metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class MetricsTest {

    private static final String NS = "metrics";

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler reconciler;
    @FakePredictor.Inject
    WireMockServer predictor;

    @Test
    void exposesDecisionsActionsHoldsAndLeadershipInPrometheusNaming() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        WorkloadSpec spec = Fixtures.spec(NS, "api", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "api", 3, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        reconciler.reconcile(spec, now);
        fx.answer(spec, Fixtures.flat(spec, now.minusSeconds(3600), 612, "model"));
        reconciler.reconcile(spec, now);

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();

        String w = "workload=\"metrics/api\"";
        assertThat(scrape).contains("prescient_desired_replicas{" + w + "} 7.0")
                .contains("prescient_forecast_peak{" + w + "} NaN")
                .contains("prescient_startup_delay_seconds{" + w + "} 180.0")
                .contains("prescient_scale_actions_total{direction=\"up\"," + w + "} 1.0")
                .contains("prescient_holds_total{reason=\"forecast-stale\"," + w + "} 1.0")
                .containsPattern("(?m)^prescient_leader 1\\.0$");
        fx.awaitWrites();
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .as("the Events of both decisions written off the decision path")
                .containsPattern("(?m)^prescient_writes_total\\{kind=\"event\"\\} [1-9][0-9]*\\.0$")
                .containsPattern("(?m)^prescient_write_lag_seconds_count\\{kind=\"event\"\\} [1-9][0-9]*\\.0$")
                .containsPattern("(?m)^prescient_write_queue_depth 0\\.0$");
    }
}

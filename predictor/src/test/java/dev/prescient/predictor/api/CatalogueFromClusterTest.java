package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.ScaleTargetRef;
import dev.prescient.predictor.testing.DailyLoad;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * With {@code prescient.catalog.source=kubernetes} the predictor serves the PredictiveScalers of the cluster (the
 * mock API server in CRUD mode) as they come and go: one applied after start-up is listed and forecast without a
 * restart, one deleted is refused as unknown. No registry here, so every workload answers from the fallback.
 */
@QuarkusTest
@TestProfile(CatalogueFromClusterTest.ClusterCatalogue.class)
@WithKubernetesTestServer(crud = true)
class CatalogueFromClusterTest {

    private static final Instant END = Instant.parse("2026-11-26T12:00:00Z");

    public static class ClusterCatalogue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prescient.catalog.source", "kubernetes", "prescient.catalog.sync-timeout", "10s");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void aPredictiveScalerAppliedWhileRunningIsServedAndOneDeletedIsRefused() {
        Readiness.await();
        client.resource(scaler("web")).create();
        await("shop/web listed", () -> listed().contains("shop/web"));

        given().contentType(ContentType.JSON).body(request("shop/web")).when().post("/forecast")
                .then().statusCode(200).body("workload", equalTo("shop/web"))
                .body("source", equalTo("fallback:seasonal-naive"));
        await("shop/web settled by the poller: no registry, so the fallback", () -> "fallback".equals(
                given().when().get("/workloads").jsonPath().getString("find { it.workload == 'shop/web' }.state")));

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("web").delete();
        await("shop/web gone", () -> !listed().contains("shop/web"));
        given().contentType(ContentType.JSON).body(request("shop/web")).when().post("/forecast")
                .then().statusCode(404).body("error", equalTo("unknown-workload"));
    }

    private static List<String> listed() {
        return given().when().get("/workloads").then().statusCode(200).extract().jsonPath().getList("workload");
    }

    /** Three days of history at the workload's 5-minute step. */
    private static Map<String, Object> request(String workload) {
        int steps = 3 * 288;
        return Map.of("workload", workload, "horizon", "30m", "history", Map.of(
                "start", END.minus(DailyLoad.STEP.multipliedBy(steps)).toString(),
                "stepSeconds", DailyLoad.STEP.toSeconds(),
                "values", DailyLoad.values(END.minus(DailyLoad.STEP.multipliedBy(steps)), DailyLoad.STEP, steps, 7)));
    }

    private static PredictiveScaler scaler(String name) {
        PredictiveScalerSpec spec = new PredictiveScalerSpec();
        spec.setScaleTargetRef(new ScaleTargetRef("apps/v1", "Deployment", name));
        spec.setQuery("sum(rate(http_requests_total{job=\"" + name + "\"}[5m]))");
        spec.setCapacityPerPod(50.0);
        spec.setMinReplicas(1);
        spec.setMaxReplicas(10);
        spec.setStep("5m");
        spec.setHorizon("30m");
        spec.setMode(PredictiveScalerSpec.Mode.DRY_RUN);
        PredictiveScaler scaler = new PredictiveScaler();
        scaler.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
        scaler.setSpec(spec);
        return scaler;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

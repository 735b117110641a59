package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.StatusRecommendations;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.PrinterColumns;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.ScaleTargetRef;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code prescient.catalog.source=kubernetes} the actuator acts on the PredictiveScalers of the cluster (the
 * mock API server in CRUD mode): one applied is decided at the next tick, an edit changes the next decision, and
 * once it is deleted the tick leaves its target alone. No restart in between.
 */
@QuarkusTest
@TestProfile(CatalogFromClusterTest.ClusterCatalog.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class CatalogFromClusterTest {

    private static final String NS = "catalog";

    public static class ClusterCatalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prescient.catalog.source", "kubernetes", "prescient.catalog.sync-timeout", "10s");
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper json;
    @Inject
    ActuatorLoop loop;
    @Inject
    WorkloadCatalog workloads;
    @Inject
    WorkloadReconciler reconciler;
    @FakePredictor.Inject
    WireMockServer predictor;

    @Test
    void appliedEditedAndDeletedPredictiveScalersTakeEffectAtTheNextTick() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.deployment(NS, "web", 2, Map.of());
        assertThat(loop.tick(Fixtures.now())).as("no PredictiveScaler yet").doesNotContainKey(NS + "/web");

        client.resource(scaler(NS, 10)).create();
        WorkloadSpec spec = awaitWorkload(w -> true);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 900, "model"));
        Map<String, Optional<Decision>> first = loop.tick(now);
        assertThat(first).containsKey(NS + "/web");
        int needed = first.get(NS + "/web").orElseThrow().desiredReplicas();
        assertThat(needed).isGreaterThan(4);
        assertThat(fx.replicas(NS, "web")).isEqualTo(needed);
        fx.awaitWrites();
        PredictiveScaler written = client.resources(PredictiveScaler.class).inNamespace(NS).withName("web").get();
        assertThat(written.getStatus().getDesiredReplicas()).as("status written after the decision").isEqualTo(needed);
        assertThat(written.getStatus().getLastDecision().getAction()).isEqualTo("up");
        assertThat(written.getStatus().getRecentRecommendations()).hasSize(1);
        assertThat(written.getStatus().getCurrentReplicas()).as("the Deployment's replicas it decided on").isEqualTo(2);
        assertThat(written.getStatus().getModelVersion()).isEqualTo("v20261127-0412");
        assertThat(written.getStatus().getLastForecast().getTime()).isEqualTo(now.toString());
        assertThat(written.getStatus().getLastForecast().getP90Peak()).as("the flat forecast's p90").isEqualTo(900.0);
        assertThat(written.getStatus().getLastForecast().getP50Peak()).isEqualTo(720.0);
        assertThat(written.getStatus().getStartupDelaySeconds()).as("spec.startupDelay 2m").isEqualTo(120L);
        assertThat(written.getStatus().getStartupDelaySource()).isEqualTo("configured");
        assertThat(columns(written)).as("kubectl get ps, from the CRD's printer columns")
                .containsEntry("Target", "web").containsEntry("Mode", "replicas").containsEntry("Min", "1")
                .containsEntry("Max", "10").containsEntry("Desired", String.valueOf(needed))
                .containsEntry("Current", "2").containsEntry("Model", "v20261127-0412")
                .containsEntry("Condition", "Up").containsKey("Age");

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("web").edit(ps -> {
            ps.getSpec().setMaxReplicas(4);
            return ps;
        });
        WorkloadSpec edited = awaitWorkload(w -> w.maxReplicas() == 4);
        Instant later = now.plus(Duration.ofMinutes(5));
        fx.answer(edited, Fixtures.flat(edited, later, 900, "model"));
        assertThat(loop.tick(later).get(NS + "/web")).hasValueSatisfying(d ->
                assertThat(d.desiredReplicas()).as("the edited maxReplicas").isEqualTo(4));
        assertThat(fx.replicas(NS, "web")).isEqualTo(4);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("web").delete();
        Await.until("the workload to leave the catalogue", () -> workloads.find(NS + "/web").isEmpty(),
                Duration.ofSeconds(10));
        Instant afterDelete = later.plus(Duration.ofMinutes(5));
        fx.answer(edited, Fixtures.flat(edited, afterDelete, 100, "model")); // would scale it down to 1
        assertThat(loop.tick(afterDelete)).doesNotContainKey(NS + "/web");
        assertThat(fx.replicas(NS, "web")).as("a deleted PredictiveScaler's target is left alone").isEqualTo(4);
    }

    @Test
    void aNewLeaderContinuesTheStabilisationWindowThePreviousOneWroteInTheStatus() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.deployment("failover", "web", 5, Map.of());
        client.resource(scaler("failover", 20)).create();
        Await.until("the workload in the catalogue", () -> workloads.find("failover/web").isPresent(),
                Duration.ofSeconds(10));
        WorkloadSpec spec = workloads.get("failover/web");
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 900, "model"));
        assertThat(loop.tick(now).get("failover/web")).hasValueSatisfying(d ->
                assertThat(d.desiredReplicas()).as("leader A scales up").isEqualTo(9));

        // leader B: a fresh reconciler whose memory starts from the status leader A wrote, as its catalogue's watch
        // holds it (as ActuatorBeans wires it: no request on the decision path)
        fx.awaitWrites();
        KubernetesWorkloadCatalog cluster = (KubernetesWorkloadCatalog) workloads;
        Await.until("leader A's status in the watch cache", () -> cluster.object("failover/web")
                .map(ps -> ps.getStatus() != null && ps.getStatus().getRecentRecommendations() != null
                        && !ps.getStatus().getRecentRecommendations().isEmpty()).orElse(false), Duration.ofSeconds(10));
        WorkloadReconciler.Parts p = reconciler.parts();
        DecisionMemory fresh = new DecisionMemory(p.policy().settings().scaleDownStabilization(),
                StatusRecommendations.fromCatalog(cluster)::recent);
        WorkloadReconciler leaderB = new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), p.kube(),
                p.policy(), fresh, p.startupDelays(), p.demandObserver(), p.reporter(), p.metrics(), p.problems(),
                p.conflictRetries(), p.demotions()));
        Instant twoMinutesLater = now.plus(Duration.ofMinutes(2));
        fx.answer(spec, Fixtures.flat(spec, twoMinutesLater, 100, "model")); // needs 1 from now on

        Decision first = leaderB.reconcile(spec, twoMinutesLater).orElseThrow();

        assertThat(first.desiredReplicas()).as("within A's 5-minute scale-down window, A's 9 still holds")
                .isEqualTo(9);
        assertThat(fx.replicas("failover", "web")).isEqualTo(9);
        client.resources(PredictiveScaler.class).inNamespace("failover").withName("web").delete();
        Await.until("the workload to leave", () -> workloads.find("failover/web").isEmpty(), Duration.ofSeconds(10));
    }

    /**
     * Every printer column of the committed CRD on the object the actuator wrote, as kubectl reads it: each must
     * resolve to a value of its declared type.
     */
    private Map<String, String> columns(PredictiveScaler written) {
        Map<String, String> shown = new java.util.LinkedHashMap<>();
        for (CustomResourceColumnDefinition column : PrinterColumns.committed()) {
            JsonNode value = PrinterColumns.value(json, written, column.getJsonPath());
            assertThat(value).as("printer column %s (%s) on the status the actuator wrote", column.getName(),
                    column.getJsonPath()).isNotNull();
            switch (column.getType()) {
                case "integer" -> assertThat(value.isIntegralNumber()).as("column %s is an integer: %s",
                        column.getName(), value).isTrue();
                case "date" -> assertThat(Instant.parse(value.asText())).as("column %s", column.getName()).isNotNull();
                default -> assertThat(value.isTextual() && !value.asText().isBlank())
                        .as("column %s is a string: %s", column.getName(), value).isTrue();
            }
            shown.put(column.getName(), value.asText());
        }
        return shown;
    }

    private WorkloadSpec awaitWorkload(java.util.function.Predicate<WorkloadSpec> condition) {
        Await.until("workload " + NS + "/web in the catalogue",
                () -> workloads.find(NS + "/web").filter(condition).isPresent(), Duration.ofSeconds(10));
        return workloads.get(NS + "/web");
    }

    private static PredictiveScaler scaler(String namespace, int max) {
        PredictiveScalerSpec spec = new PredictiveScalerSpec();
        spec.setScaleTargetRef(new ScaleTargetRef("apps/v1", "Deployment", "web"));
        spec.setQuery("sum(rate(http_requests_total{job=\"web\"}[5m]))");
        spec.setCapacityPerPod(100.0);
        spec.setTargetUtilization(1.0);
        spec.setMinReplicas(1);
        spec.setMaxReplicas(max);
        spec.setStartupDelay("2m");
        spec.setMode(PredictiveScalerSpec.Mode.REPLICAS);
        PredictiveScaler scaler = new PredictiveScaler();
        scaler.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("web").build());
        scaler.setSpec(spec);
        return scaler;
    }
}

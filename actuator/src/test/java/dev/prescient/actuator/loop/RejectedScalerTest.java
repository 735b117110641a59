package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.PrinterColumns;
import dev.prescient.actuator.testing.Scalers;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PredictiveScaler the catalogue refuses is not silently skipped: its status says {@code Ready} False with the
 * reason and a message naming the field, written once, and a fixed spec is decided and ready at the next cycle.
 * The mock API server has no CEL, so objects the real API server would refuse "slip past" it here, as objects stored
 * before the CRD's rules were installed would.
 */
@QuarkusTest
@TestProfile(CatalogFromClusterTest.ClusterCatalog.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class RejectedScalerTest {

    private static final String NS = "rejected";
    private static final Duration WATCH = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    AsyncWriter writes;
    @Inject
    MeterRegistry registry;
    @Inject
    ScheduledTick cycle;
    @Inject
    WorkloadCatalog workloads;
    @FakePredictor.Inject
    WireMockServer predictor;

    @Test
    void hpaFloorWithMinReplicasZeroIsNotReadyNamingTheFieldUntilItIsFixed() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.deployment(NS, "zero", 3, Map.of());
        fx.hpa(NS, "zero", 2, 20);
        client.resource(Scalers.of(NS, "zero", "zero", PredictiveScalerSpec.Mode.HPA_FLOOR, 0, 20)).create();
        awaitRejected(NS + "/zero");

        cycle.cycle(Fixtures.now());

        PredictiveScaler written = Scalers.read(client, NS, "zero");
        Condition ready = ready(written);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).startsWith("spec.minReplicas: must be >= 1 in hpa-floor mode");
        assertThat(PrinterColumns.value(json, written, PredictiveScaler.READY_REASON_PATH).asText())
                .as("kubectl get ps shows it in the Condition column").isEqualTo("InvalidSpec");
        assertThat(fx.hpaFloor(NS, "zero")).as("nothing acted on it").isEqualTo(2);
        assertThat(written.getMetadata().getFinalizers()).as("nor will: it needs no finalizer").isNullOrEmpty();

        String version = written.getMetadata().getResourceVersion();
        Await.until("the status seen by the watch", () -> catalog().objects().stream()
                .anyMatch(ps -> ps.key().equals(NS + "/zero") && version.equals(ps.getMetadata().getResourceVersion())),
                WATCH);
        cycle.cycle(Fixtures.now().plus(Duration.ofMinutes(5)));
        assertThat(Scalers.read(client, NS, "zero").getMetadata().getResourceVersion())
                .as("a status that already says so is not written again").isEqualTo(version);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("zero").edit(ps -> {
            ps.getSpec().setMinReplicas(1);
            return ps;
        });
        Await.until("the fixed object in the catalogue", () -> workloads.find(NS + "/zero").isPresent(), WATCH);
        WorkloadSpec spec = workloads.get(NS + "/zero");
        Instant later = Fixtures.now().plus(Duration.ofMinutes(10));
        fx.answer(spec, Fixtures.flat(spec, later, 500, "model"));
        cycle.cycle(later);
        fx.awaitWrites();

        assertThat(ready(Scalers.read(client, NS, "zero")).getStatus()).as("decided").isEqualTo("True");
        assertThat(fx.hpaFloor(NS, "zero")).isEqualTo(5);
        deleteAndRelease("zero", later);
    }

    @Test
    void anUnknownKindAndAConflictingTargetAreNotReadyWithTheirReasons() {
        PredictiveScaler widget = Scalers.of(NS, "widget", "w", PredictiveScalerSpec.Mode.DRY_RUN, 1, 3);
        widget.getSpec().getScaleTargetRef().setKind("Widget");
        client.resource(widget).create();
        client.resource(Scalers.of(NS, "first", "shared", PredictiveScalerSpec.Mode.DRY_RUN, 1, 3)).create();
        Await.until("the first in the catalogue", () -> workloads.find(NS + "/first").isPresent(), WATCH);
        Await.sleep(Duration.ofMillis(1_100)); // creation timestamps have one-second resolution
        client.resource(Scalers.of(NS, "second", "shared", PredictiveScalerSpec.Mode.DRY_RUN, 1, 3)).create();
        awaitRejected(NS + "/widget");
        awaitRejected(NS + "/second");

        cycle.cycle(Fixtures.now());

        Condition unknown = ready(Scalers.read(client, NS, "widget"));
        assertThat(unknown.getReason()).isEqualTo("InvalidSpec");
        assertThat(unknown.getMessage()).startsWith("spec.scaleTargetRef.kind: unknown kind 'Widget'");
        Condition conflict = ready(Scalers.read(client, NS, "second"));
        assertThat(conflict.getReason()).isEqualTo("TargetConflict");
        assertThat(conflict.getMessage()).startsWith("spec.scaleTargetRef: Deployment rejected/shared is already "
                + "scaled by PredictiveScaler rejected/first");
        Instant later = Fixtures.now().plus(Duration.ofMinutes(5));
        for (String name : new String[] {"widget", "second", "first"}) {
            deleteAndRelease(name, later);
        }
    }

    private void awaitRejected(String key) {
        Await.until(key + " refused by the catalogue", () -> catalog().rejected().containsKey(key), WATCH);
    }

    /** Deletes the object; the next cycle releases its finalizer, if it has one. */
    private void deleteAndRelease(String name, Instant at) {
        // the statuses already queued written first, so the release's patch reads their version
        new Fixtures(client, predictor, json, writes, registry).awaitWrites();
        client.resources(PredictiveScaler.class).inNamespace(NS).withName(name).delete();
        Await.until(name + " being deleted", () -> catalog().objects().stream()
                .noneMatch(ps -> ps.key().equals(NS + "/" + name) && !ps.isMarkedForDeletion()), WATCH);
        cycle.cycle(at);
        assertThat(Scalers.read(client, NS, name)).isNull();
    }

    private KubernetesWorkloadCatalog catalog() {
        return (KubernetesWorkloadCatalog) workloads;
    }

    private static Condition ready(PredictiveScaler scaler) {
        return scaler.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElseThrow();
    }
}

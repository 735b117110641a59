package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.Sizing;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hpa-floor done right, on the mock API server in CRUD mode: the HPA's own minReplicas is recorded in an annotation
 * the first time Prescient changes it, written back on a hold and when the workload leaves hpa-floor mode; a target
 * scaled by two HPAs is refused with a Warning Event and no write.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class HpaFloorHandbackTest {

    private static final String NS = "handback";

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
    void recordsTheOriginalFloorOnceAndWritesItBackOnAHold() {
        WorkloadSpec spec = fx.deploymentWithHpa(NS, "api", ScalingMode.HPA_FLOOR);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        reconciler.reconcile(spec, now);
        assertThat(fx.hpaFloor(NS, "api")).isEqualTo(7);
        assertThat(originalMin("api")).as("recorded with the first change").contains("2");

        fx.answer(spec, Fixtures.flat(spec, now.plusSeconds(300), 900, "model"));
        reconciler.reconcile(spec, now.plusSeconds(300));
        assertThat(fx.hpaFloor(NS, "api")).isEqualTo(9);
        assertThat(originalMin("api")).as("never overwritten by a later change").contains("2");

        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        Decision hold = reconciler.reconcile(spec, now.plusSeconds(600)).orElseThrow();

        assertThat(hold.holdReason()).contains(HoldReason.FORECAST_MISSING);
        assertThat(fx.hpaFloor(NS, "api")).as("the HPA's own floor is back").isEqualTo(2);
        assertThat(originalMin("api")).as("the record goes with the write-back").isEmpty();
        assertThat(fx.events(NS, "api")).extracting(Event::getReason)
                .containsExactly("PredictiveScaleUp", "PredictiveScaleUp", "PredictiveHold");
        assertThat(fx.events(NS, "api").get(2).getMessage())
                .contains("instead the HPA's original minReplicas 2 is restored (9→2, from annotation "
                        + HpaState.ORIGINAL_MIN_ANNOTATION + "): during a hold the HPA scales alone");

        String version = fx.readHpa(NS, "api").getMetadata().getResourceVersion();
        reconciler.reconcile(spec, now.plusSeconds(900));
        assertThat(fx.readHpa(NS, "api").getMetadata().getResourceVersion())
                .as("a floor Prescient has not changed is not written on a hold").isEqualTo(version);

        fx.answer(spec, Fixtures.flat(spec, now.plusSeconds(1200), 612, "model"));
        reconciler.reconcile(spec, now.plusSeconds(1200));
        assertThat(fx.hpaFloor(NS, "api")).isEqualTo(7);
        assertThat(originalMin("api")).as("recorded again when forecasts return").contains("2");
    }

    @Test
    void keepsARaisedFloorThroughAHoldShorterThanTheHandbackDelay() {
        WorkloadReconciler patient = new WorkloadReconciler(reconciler.parts(), Duration.ofMinutes(10));
        WorkloadSpec spec = fx.deploymentWithHpa(NS, "blip", ScalingMode.HPA_FLOOR);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        patient.reconcile(spec, now);

        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        patient.reconcile(spec, now.plusSeconds(300));
        patient.reconcile(spec, now.plusSeconds(600));
        assertThat(fx.hpaFloor(NS, "blip")).as("a hold of 5 minutes keeps the floor").isEqualTo(7);
        assertThat(originalMin("blip")).contains("2");

        patient.reconcile(spec, now.plusSeconds(900));
        assertThat(fx.hpaFloor(NS, "blip")).as("handed back once the hold lasted 10 minutes").isEqualTo(2);
        assertThat(originalMin("blip")).isEmpty();

        fx.answer(spec, Fixtures.flat(spec, now.plusSeconds(1200), 612, "model"));
        patient.reconcile(spec, now.plusSeconds(1200));
        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        patient.reconcile(spec, now.plusSeconds(1500));
        assertThat(fx.hpaFloor(NS, "blip")).as("a new hold starts a new delay").isEqualTo(7);
    }

    @Test
    void aPausedTargetKeepsItsRaisedFloorAndItsRecord() {
        WorkloadSpec spec = fx.deploymentWithHpa(NS, "paused", ScalingMode.HPA_FLOOR);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        reconciler.reconcile(spec, now);

        client.apps().deployments().inNamespace(NS).withName("paused")
                .edit(d -> {
                    d.getMetadata().getAnnotations().put(TargetState.PAUSED_ANNOTATION, "true");
                    return d;
                });
        Decision hold = reconciler.reconcile(spec, now.plusSeconds(300)).orElseThrow();

        assertThat(hold.holdReason()).contains(HoldReason.PAUSED);
        assertThat(fx.hpaFloor(NS, "paused")).isEqualTo(7);
        assertThat(originalMin("paused")).contains("2");
    }

    @Test
    void refusesATargetScaledByTwoHpasWithAWarningAndNoWrite() {
        WorkloadSpec spec = fx.deploymentWithHpa(NS, "twice", ScalingMode.HPA_FLOOR);
        HorizontalPodAutoscaler second = hpaOn("twice-cpu", "apps/v1", "Deployment", "twice");
        hpaOn("twice-other-group", "example.com/v1", "Deployment", "twice");
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        assertThat(reconciler.reconcile(spec, now)).isEmpty();
        assertThat(reconciler.reconcile(spec, now.plusSeconds(300))).isEmpty();

        assertThat(fx.hpaFloor(NS, "twice")).isEqualTo(2);
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("twice-cpu").get()
                .getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(fx.events(NS, "twice")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("PredictiveHpaAmbiguous");
            assertThat(e.getMessage()).isEqualTo("hpa-floor mode refused: 2 HorizontalPodAutoscalers (twice-cpu, "
                    + "twice-hpa) scale Deployment handback/twice and would fight each other; Prescient raises no "
                    + "floor for handback/twice until one is left");
        });
        assertThat(fx.holds(spec, "hpa-ambiguous")).isEqualTo(2.0);

        client.resource(second).delete();
        assertThat(reconciler.reconcile(spec, now.plusSeconds(600))).as("the HPA in another API group does not count")
                .isPresent();
        assertThat(fx.hpaFloor(NS, "twice")).isEqualTo(7);
    }

    @Test
    void handsTheFloorBackWhenTheWorkloadLeavesHpaFloorMode() {
        WorkloadSpec floor = fx.deploymentWithHpa(NS, "leaving", ScalingMode.HPA_FLOOR);
        Instant now = Fixtures.now();
        fx.answer(floor, Fixtures.flat(floor, now, 612, "model"));
        reconciler.reconcile(floor, now);
        assertThat(fx.hpaFloor(NS, "leaving")).isEqualTo(7);

        WorkloadSpec dryRun = Fixtures.spec(NS, "leaving", ScalingMode.DRY_RUN, 1, 20);
        fx.answer(dryRun, Fixtures.flat(dryRun, now.plusSeconds(300), 612, "model"));
        reconciler.reconcile(dryRun, now.plusSeconds(300));

        assertThat(fx.hpaFloor(NS, "leaving")).isEqualTo(2);
        assertThat(originalMin("leaving")).isEmpty();
        assertThat(fx.events(NS, "leaving")).filteredOn(e -> e.getReason().equals("PredictiveHpaFloorRestored"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).isEqualTo("HPA leaving-hpa minReplicas 7 → 2 (its original, from "
                            + "annotation prescient.dev/original-min-replicas): handback/leaving is in dry-run mode, "
                            + "no longer hpa-floor");
                });
        assertThat(fx.replicas(NS, "leaving")).as("dry-run changes no replicas").isEqualTo(3);
    }

    @Test
    void handsARetunedHpaBackWholeWhenTheWorkloadLeavesHpaFloorMode() {
        fx.deployment(NS, "retuned", 3, Map.of());
        HorizontalPodAutoscaler before = fx.hpa(NS, "retuned", 2, 20, 300, Fixtures.cpuUtilization(70));
        WorkloadSpec floor = Fixtures.spec(NS, "retuned", ScalingMode.HPA_FLOOR, 1, 20);
        Instant now = Fixtures.now();
        Sizing learnt = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.0), 0, 0)),
                new Sizing.Reactive(0.45, 2), Sizing.Calibration.none());
        fx.answer(floor, Fixtures.flat(floor, now, 612, "model").withSizing(Optional.of(learnt)));
        reconciler.reconcile(floor, now);
        assertThat(fx.readHpa(NS, "retuned").getSpec().getMetrics().get(0).getResource().getTarget()
                .getAverageUtilization()).as("retuned").isEqualTo(45);

        WorkloadSpec dryRun = Fixtures.spec(NS, "retuned", ScalingMode.DRY_RUN, 1, 20);
        fx.answer(dryRun, Fixtures.flat(dryRun, now.plusSeconds(300), 612, "model"));
        reconciler.reconcile(dryRun, now.plusSeconds(300));

        HorizontalPodAutoscaler after = fx.readHpa(NS, "retuned");
        assertThat(after.getSpec()).as("floor, window and target as before").isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getAnnotations())
                .doesNotContainKeys(HpaState.ORIGINAL_MIN_ANNOTATION, HpaState.ORIGINAL_ANNOTATION);
    }

    @Test
    void handsTheFloorBackWhenReplicasModeIsRefusedOverTheHpa() {
        fx.deployment(NS, "switched", 3, Map.of());
        fx.hpa(NS, "switched", 2, 20);
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("switched-hpa").edit(h -> {
            h.getSpec().setMinReplicas(6);
            h.getMetadata().setAnnotations(Map.of(HpaState.ORIGINAL_MIN_ANNOTATION, "3"));
            return h;
        });
        WorkloadSpec replicas = Fixtures.spec(NS, "switched", ScalingMode.REPLICAS, 1, 20);
        Instant now = Fixtures.now();
        fx.answer(replicas, Fixtures.flat(replicas, now, 612, "model"));

        assertThat(reconciler.reconcile(replicas, now)).isEmpty();

        assertThat(fx.hpaFloor(NS, "switched")).isEqualTo(3);
        assertThat(originalMin("switched")).isEmpty();
        assertThat(fx.events(NS, "switched")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("PredictiveHpaFloorRestored", "PredictiveModeRefused");
    }

    private Optional<String> originalMin(String target) {
        Map<String, String> annotations = fx.readHpa(NS, target).getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(HpaState.ORIGINAL_MIN_ANNOTATION));
    }

    private HorizontalPodAutoscaler hpaOn(String name, String apiVersion, String kind, String target) {
        HorizontalPodAutoscaler h = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(20)
                .withNewScaleTargetRef().withApiVersion(apiVersion).withKind(kind).withName(target).endScaleTargetRef()
                .endSpec().build();
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).resource(h).create();
    }
}

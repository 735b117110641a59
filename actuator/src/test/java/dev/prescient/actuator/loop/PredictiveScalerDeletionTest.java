package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.DecisionStatus;
import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.ScalerWrites;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.Scalers;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a PredictiveScaler stops all action and gives its HPA back the floor Prescient raised, through the
 * finalizer {@value DeletionFinalizer#FINALIZER}, on the mock API server in CRUD mode (which keeps an object with
 * finalizers until the last is removed, as the API server does). No restart.
 */
@QuarkusTest
@TestProfile(CatalogFromClusterTest.ClusterCatalog.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class PredictiveScalerDeletionTest {

    private static final String NS = "deletion";
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
    @Inject
    ScaleTarget kube;
    @FakePredictor.Inject
    WireMockServer predictor;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    @Test
    void deletingAnHpaFloorScalerRestoresTheFloorItRaisedAndStopsAllAction() {
        WorkloadSpec spec = applied("api", "api", 2);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 700, "model"));

        cycle.cycle(now);
        fx.awaitWrites(); // the status of that decision written, so the deletion's patches read its version

        assertThat(fx.hpaFloor(NS, "api")).as("the floor raised").isEqualTo(7);
        assertThat(originalMin("api")).isEqualTo("2");
        assertThat(Scalers.read(client, NS, "api").getMetadata().getFinalizers())
                .as("held before anything acted on it").containsExactly(DeletionFinalizer.FINALIZER);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("api").delete();
        Await.until("the workload to leave the catalogue", () -> workloads.find(NS + "/api").isEmpty(), WATCH);
        assertThat(Scalers.read(client, NS, "api").isMarkedForDeletion()).as("kept by its finalizer").isTrue();

        Instant later = now.plus(Duration.ofMinutes(5));
        fx.answer(spec, Fixtures.flat(spec, later, 1100, "model")); // would raise the floor to 11 if acted on
        cycle.cycle(later);

        assertThat(fx.hpaFloor(NS, "api")).as("the HPA's own minReplicas back").isEqualTo(2);
        assertThat(originalMin("api")).as("the record removed").isNull();
        assertThat(Scalers.read(client, NS, "api")).as("its finalizer removed, the object is gone").isNull();
        List<Event> restored = events("api", DeletionFinalizer.RESTORED);
        assertThat(restored).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).isEqualTo("HPA api-hpa minReplicas 7 → 2 (its original, from annotation "
                    + "prescient.dev/original-min-replicas): PredictiveScaler deletion/api was deleted");
        });

        String version = fx.readHpa(NS, "api").getMetadata().getResourceVersion();
        int eventsBefore = fx.events(NS, "api").size();
        cycle.cycle(later.plus(Duration.ofMinutes(5)));
        assertThat(fx.readHpa(NS, "api").getMetadata().getResourceVersion()).as("no further patch").isEqualTo(version);
        assertThat(fx.hpaFloor(NS, "api")).isEqualTo(2);
        assertThat(fx.events(NS, "api")).as("no further Event").hasSize(eventsBefore);
    }

    @Test
    void deletingAScalerWhoseSizingRetunedTheHpaGivesItBackWhole() {
        fx.deployment(NS, "tuned", 3, Map.of());
        HorizontalPodAutoscaler before = fx.hpa(NS, "tuned", 2, 20, 300, Fixtures.cpuUtilization(70));
        client.resource(Scalers.of(NS, "tuned", "tuned", PredictiveScalerSpec.Mode.HPA_FLOOR, 1, 20)).create();
        Await.until("the workload in the catalogue", () -> workloads.find(NS + "/tuned").isPresent(), WATCH);
        WorkloadSpec spec = workloads.get(NS + "/tuned");
        Instant now = Fixtures.now();
        Sizing learnt = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.0), 0, 0)),
                new Sizing.Reactive(0.45, 2), Sizing.Calibration.none());
        fx.answer(spec, Fixtures.flat(spec, now, 700, "model").withSizing(Optional.of(learnt)));

        cycle.cycle(now);
        fx.awaitWrites(); // the status of that decision written, so the deletion's patches read its version

        HorizontalPodAutoscaler retuned = fx.readHpa(NS, "tuned");
        assertThat(retuned.getSpec().getMinReplicas()).isEqualTo(7);
        assertThat(retuned.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(120);
        assertThat(retuned.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(45);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("tuned").delete();
        Await.until("the workload to leave the catalogue", () -> workloads.find(NS + "/tuned").isEmpty(), WATCH);
        cycle.cycle(now.plus(Duration.ofMinutes(5)));

        HorizontalPodAutoscaler after = fx.readHpa(NS, "tuned");
        assertThat(after.getSpec()).as("floor, scale-down window and CPU target as before Prescient")
                .isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getAnnotations()).as("both records removed")
                .doesNotContainKeys(HpaState.ORIGINAL_MIN_ANNOTATION, HpaState.ORIGINAL_ANNOTATION);
        assertThat(Scalers.read(client, NS, "tuned")).as("its finalizer removed, the object is gone").isNull();
        assertThat(events("tuned", DeletionFinalizer.RESTORED)).singleElement().extracting(Event::getMessage)
                .isEqualTo("HPA tuned-hpa minReplicas 7 → 2 (its original, from annotation "
                        + "prescient.dev/original-min-replicas) and scale-down behavior and metric targets as before "
                        + "the first retune (from annotation prescient.dev/original-hpa): PredictiveScaler "
                        + "deletion/tuned was deleted");
    }

    @Test
    void anObjectWhoseTargetAndHpaAreGoneIsReleasedAtOnce() {
        client.resource(Scalers.of(NS, "orphan", "nothing-here", PredictiveScalerSpec.Mode.HPA_FLOOR, 1, 5)).create();
        Await.until("the workload in the catalogue", () -> workloads.find(NS + "/orphan").isPresent(), WATCH);
        cycle.cycle(Fixtures.now());
        fx.awaitWrites(); // the status of that decision written, so the deletion's patches read its version
        assertThat(Scalers.read(client, NS, "orphan").getMetadata().getFinalizers())
                .containsExactly(DeletionFinalizer.FINALIZER);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("orphan").delete();
        Await.until("the deletion seen", () -> workloads.find(NS + "/orphan").isEmpty(), WATCH);
        cycle.cycle(Fixtures.now());

        assertThat(Scalers.read(client, NS, "orphan")).as("nothing to restore: a missing target holds nothing")
                .isNull();
        assertThat(events("nothing-here", DeletionFinalizer.RESTORED)).isEmpty();
    }

    /** A restore that fails keeps the finalizer and the object; the next cycle restores and releases it. */
    @ParameterizedTest
    @ValueSource(ints = {409, 403, 500})
    void aFailedRestoreKeepsTheFinalizerAndIsTriedAgainNextCycle(int status) {
        String name = "retry-" + status;
        WorkloadSpec spec = applied(name, name, 3);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 700, "model"));
        cycle.cycle(now);
        fx.awaitWrites();
        assertThat(fx.hpaFloor(NS, name)).isEqualTo(7);
        client.resources(PredictiveScaler.class).inNamespace(NS).withName(name).delete();
        Await.until("the deletion seen", () -> workloads.find(NS + "/" + name).isEmpty(), WATCH);
        AtomicInteger failures = new AtomicInteger(1);
        DeletionFinalizer finalizer = new DeletionFinalizer(failing(status, failures),
                new ScalerWrites(client, Leadership.always("test")), new OnceReporter(), workload -> false);

        finalizer.run(catalog().objects(), catalog().all());

        assertThat(fx.hpaFloor(NS, name)).as("HTTP %d: not restored", status).isEqualTo(7);
        assertThat(Scalers.read(client, NS, name).getMetadata().getFinalizers())
                .as("HTTP %d: the finalizer stays", status).containsExactly(DeletionFinalizer.FINALIZER);

        finalizer.run(catalog().objects(), catalog().all());

        assertThat(fx.hpaFloor(NS, name)).isEqualTo(3);
        assertThat(Scalers.read(client, NS, name)).isNull();
    }

    @Test
    void theOlderOfTwoOnOneTargetLeavesTheFloorToTheOtherWhenDeleted() {
        WorkloadSpec first = applied("a-first", "shared", 2);
        Instant now = Fixtures.now();
        fx.answer(first, Fixtures.flat(first, now, 700, "model"));
        cycle.cycle(now);
        fx.awaitWrites();
        assertThat(fx.hpaFloor(NS, "shared")).isEqualTo(7);
        Await.sleep(Duration.ofMillis(1_100)); // creation timestamps have one-second resolution
        client.resource(Scalers.of(NS, "b-second", "shared", PredictiveScalerSpec.Mode.HPA_FLOOR, 1, 20)).create();
        Await.until("the second refused", () -> catalog().rejected().containsKey(NS + "/b-second"), WATCH);

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("a-first").delete();
        Await.until("the second to take the target over", () -> workloads.find(NS + "/b-second").isPresent(), WATCH);
        WorkloadSpec second = workloads.get(NS + "/b-second");
        Instant later = now.plus(Duration.ofMinutes(5));
        fx.answer(second, Fixtures.flat(second, later, 700, "model"));
        cycle.cycle(later);
        fx.awaitWrites();

        assertThat(Scalers.read(client, NS, "a-first")).isNull();
        assertThat(fx.hpaFloor(NS, "shared")).as("b-second's floor now, not handed back").isEqualTo(7);
        assertThat(originalMin("shared")).as("the original still recorded for b-second").isEqualTo("2");
        assertThat(events("shared", DeletionFinalizer.RESTORED)).isEmpty();

        client.resources(PredictiveScaler.class).inNamespace(NS).withName("b-second").delete();
        Await.until("b-second to leave", () -> workloads.find(NS + "/b-second").isEmpty(), WATCH);
        cycle.cycle(later.plus(Duration.ofMinutes(5)));
        assertThat(fx.hpaFloor(NS, "shared")).as("the last one deleted hands it back").isEqualTo(2);
        assertThat(Scalers.read(client, NS, "b-second")).isNull();
    }

    @Test
    void aStandbyAddsNoFinalizer() {
        client.resource(Scalers.of(NS, "standby", "standby", PredictiveScalerSpec.Mode.DRY_RUN, 1, 5)).create();
        Await.until("the workload in the catalogue", () -> workloads.find(NS + "/standby").isPresent(), WATCH);
        Leadership follower = new Leadership() {
            @Override
            public boolean isLeader() {
                return false;
            }

            @Override
            public String identity() {
                return "standby";
            }
        };
        ScalerUpkeep upkeep = new ScalerUpkeep(catalog(), follower, new DeletionFinalizer(kube,
                new ScalerWrites(client, follower), new OnceReporter(), w -> false),
                new RejectedScalers(new ScalerWrites(client, follower), new DecisionStatus(Duration.ofHours(1)),
                        new OnceReporter()));

        upkeep.run(Fixtures.now());

        assertThat(Scalers.read(client, NS, "standby").getMetadata().getFinalizers()).isNullOrEmpty();
        client.resources(PredictiveScaler.class).inNamespace(NS).withName("standby").delete();
        Await.until("the object gone", () -> Scalers.read(client, NS, "standby") == null, WATCH);
    }

    /** A Deployment {@code target} at 3 replicas, its HPA at {@code hpaMin}..20, and a PredictiveScaler on it. */
    private WorkloadSpec applied(String name, String target, int hpaMin) {
        fx.deployment(NS, target, 3, Map.of());
        fx.hpa(NS, target, hpaMin, 20);
        client.resource(Scalers.of(NS, name, target, PredictiveScalerSpec.Mode.HPA_FLOOR, 1, 20)).create();
        Await.until("the workload in the catalogue", () -> workloads.find(NS + "/" + name).isPresent(), WATCH);
        return workloads.get(NS + "/" + name);
    }

    /** Restores of HPA floors fail with {@code status} while {@code failures} lasts. */
    private ScaleTarget failing(int status, AtomicInteger failures) {
        return new ForwardingScaleTarget(kube) {
            @Override
            public void handBackHpa(String namespace, HpaState hpa) {
                if (failures.getAndDecrement() > 0) {
                    throw switch (status) {
                        case 409 -> new TargetConflictException("patch HPA " + hpa.name(), null);
                        case 403 -> new TargetForbiddenException("patch", HpaState.RESOURCE, namespace, null);
                        default -> new KubernetesClientException("PATCH answered " + status, status, null);
                    };
                }
                super.handBackHpa(namespace, hpa);
            }
        };
    }

    private KubernetesWorkloadCatalog catalog() {
        return (KubernetesWorkloadCatalog) workloads;
    }

    private String originalMin(String target) {
        Map<String, String> annotations = fx.readHpa(NS, target).getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(HpaState.ORIGINAL_MIN_ANNOTATION);
    }

    private List<Event> events(String target, String reason) {
        return fx.events(NS, target).stream().filter(e -> reason.equals(e.getReason())).toList();
    }
}

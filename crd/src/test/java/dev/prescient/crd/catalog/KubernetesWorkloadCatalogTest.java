package dev.prescient.crd.catalog;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue follows the PredictiveScalers of the fabric8 mock API server in CRUD mode (the server behind
 * Quarkus' {@code @WithKubernetesTestServer(crud = true)}, used here without starting an application): what is
 * created, edited or deleted is in the catalogue within a watch event, with no restart.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkloadCatalogTest {

    static KubernetesClient client;

    private KubernetesWorkloadCatalog catalog;

    @BeforeEach
    void start() {
        client.resources(PredictiveScaler.class).inAnyNamespace().delete();
        catalog = new KubernetesWorkloadCatalog(client, Optional.empty()).start(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    @Test
    void createdEditedAndDeletedObjectsReachTheCatalogueWithoutARestart() {
        assertThat(catalog.all()).isEmpty();

        client.resource(scaler("shop", "web", "web", 1, 10)).create();
        WorkloadSpec created = await(() -> catalog.find("shop/web"), "shop/web to appear");
        assertThat(created.maxReplicas()).isEqualTo(10);
        assertThat(created.mode()).isEqualTo(ScalingMode.DRY_RUN);
        assertThat(created.history()).as("the CRD's and the file's default").isEqualTo(Duration.ofDays(3));

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("web")
                .edit(ps -> {
                    ps.getSpec().setMaxReplicas(12);
                    ps.getSpec().setMode(PredictiveScalerSpec.Mode.HPA_FLOOR);
                    return ps;
                });
        WorkloadSpec edited = await(() -> catalog.find("shop/web").filter(w -> w.maxReplicas() == 12), "the edit");
        assertThat(edited.mode()).isEqualTo(ScalingMode.HPA_FLOOR);

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("web").delete();
        await(() -> catalog.all().isEmpty() ? Optional.of(true) : Optional.empty(), "shop/web to leave");
        assertThat(catalog.keys()).isEmpty();
    }

    @Test
    void anInvalidObjectIsLeftOutWithEveryProblemNamingItsField() {
        PredictiveScaler bad = scaler("shop", "bad", "bad", 5, 3);
        bad.getSpec().getScaleTargetRef().setKind("Rollout");
        client.resource(bad).create();
        client.resource(scaler("shop", "good", "good", 1, 3)).create();

        await(() -> catalog.find("shop/good"), "the valid object");
        assertThat(catalog.keys()).containsExactly("shop/good");
        assertThat(catalog.rejected()).containsOnlyKeys("shop/bad");
        Rejection rejection = catalog.rejected().get("shop/bad");
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID_SPEC);
        assertThat(rejection.problems()).containsExactlyInAnyOrder(
                "PredictiveScaler shop/bad: spec.scaleTargetRef.kind: unknown kind 'Rollout'; valid kinds: "
                        + "Deployment, StatefulSet, or any kind with a /scale subresource named with its apiVersion "
                        + "(e.g. apiVersion: argoproj.io/v1alpha1, kind: Rollout)",
                "PredictiveScaler shop/bad: spec.maxReplicas: must be >= minReplicas (5), got 3");
        assertThat(rejection.message("shop/bad")).as("one line for a condition, without the object's name")
                .startsWith("spec.").contains("; spec.").doesNotContain("PredictiveScaler shop/bad");
    }

    @Test
    void anObjectBeingDeletedLeavesTheCatalogueAtOnceWhileAFinalizerHoldsIt() {
        PredictiveScaler held = scaler("shop", "held", "held", 1, 3);
        held.getMetadata().setFinalizers(java.util.List.of("prescient.dev/restore-hpa-floor"));
        client.resource(held).create();
        await(() -> catalog.find("shop/held"), "the object");

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("held").delete();

        await(() -> catalog.all().isEmpty() ? Optional.of(true) : Optional.empty(), "shop/held to leave");
        assertThat(catalog.objects()).as("still there until its finalizer is removed").singleElement()
                .satisfies(ps -> assertThat(ps.isMarkedForDeletion()).isTrue());
        assertThat(catalog.rejected()).as("being deleted is not a rejection").isEmpty();

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("held").edit(ps -> {
            ps.getMetadata().setFinalizers(java.util.List.of());
            return ps;
        });
        await(() -> catalog.objects().isEmpty() ? Optional.of(true) : Optional.empty(), "shop/held to be gone");
    }

    @Test
    void ofTwoObjectsOnOneTargetTheOlderKeepsItUntilItIsDeleted() throws InterruptedException {
        client.resource(scaler("shop", "a-first", "api", 1, 3)).create();
        await(() -> catalog.find("shop/a-first"), "the first object");
        Thread.sleep(1_100); // creation timestamps have one-second resolution
        client.resource(scaler("shop", "b-second", "api", 1, 4)).create();
        await(() -> catalog.rejected().containsKey("shop/b-second") ? Optional.of(true) : Optional.empty(),
                "the second object to be refused");
        assertThat(catalog.keys()).containsExactly("shop/a-first");
        assertThat(catalog.rejected().get("shop/b-second").reason()).isEqualTo(Rejection.TARGET_CONFLICT);
        assertThat(catalog.rejected().get("shop/b-second").problems()).singleElement().asString()
                .contains("Deployment shop/api is already scaled by PredictiveScaler shop/a-first");

        client.resources(PredictiveScaler.class).inNamespace("shop").withName("a-first").delete();
        await(() -> catalog.find("shop/b-second"), "the second object to take the target over");
        assertThat(catalog.rejected()).isEmpty();
    }

    @Test
    void onlyTheConfiguredNamespaceCounts() {
        try (KubernetesWorkloadCatalog shop = new KubernetesWorkloadCatalog(client, Optional.of("shop"))
                .start(Duration.ofSeconds(10))) {
            client.resource(scaler("shop", "web", "web", 1, 3)).create();
            client.resource(scaler("payments", "api", "api", 1, 3)).create();
            await(() -> catalog.find("payments/api"), "the other namespace's object in the cluster-wide catalogue");
            await(() -> shop.find("shop/web"), "the shop object");
            assertThat(shop.keys()).containsExactly("shop/web");
        }
    }

    static PredictiveScaler scaler(String namespace, String name, String target, int min, int max) {
        PredictiveScalerSpec spec = new PredictiveScalerSpec();
        spec.setScaleTargetRef(new ScaleTargetRef("apps/v1", "Deployment", target));
        spec.setQuery("sum(rate(http_requests_total{app=\"" + target + "\"}[1m]))");
        spec.setCapacityPerPod(20.0);
        spec.setMinReplicas(min);
        spec.setMaxReplicas(max);
        spec.setMode(PredictiveScalerSpec.Mode.DRY_RUN);
        PredictiveScaler scaler = new PredictiveScaler();
        scaler.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        scaler.setSpec(spec);
        return scaler;
    }

    private static <T> T await(Supplier<Optional<T>> probe, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out after 10 s waiting for " + what);
    }
}

package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads from informer caches on the mock API server in CRUD mode (which serves watches): objects created or changed
 * after the informers started are seen without any read reaching the API server, and a patch made from a cached
 * state that is out of date is refused 409 by its resourceVersion.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class InformedScaleTargetTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final TargetRef API = new TargetRef(TargetKind.Deployment, "api");

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;

    /** Counts the reads that reach the API server directly. */
    private static final class CountingReads extends ForwardingScaleTarget {
        final AtomicInteger reads = new AtomicInteger();

        CountingReads(ScaleTarget inner) {
            super(inner);
        }

        @Override
        public Optional<TargetState> target(String namespace, TargetRef ref) {
            reads.incrementAndGet();
            return inner.target(namespace, ref);
        }

        @Override
        public List<HpaState> hpasFor(String namespace, TargetRef ref) {
            reads.incrementAndGet();
            return inner.hpasFor(namespace, ref);
        }

        @Override
        public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
            reads.incrementAndGet();
            return inner.podStartups(namespace, selector);
        }
    }

    @Test
    void seesTargetsHpasAndPodsCreatedAfterStartWithoutReadingTheApiServer() {
        String ns = "informed-new";
        Fixtures fx = new Fixtures(client, null, json);
        fx.deployment(ns, "api", 3, Map.of());
        CountingReads direct = new CountingReads(new FabricScaleTarget(client, "test"));
        try (InformedScaleTarget informed = new InformedScaleTarget(client, Set.of(ns), direct, LIMIT)) {
            assertThat(informed.target(ns, API)).hasValueSatisfying(t -> assertThat(t.replicas()).isEqualTo(3));
            assertThat(informed.hpaFor(ns, API)).isEmpty();

            fx.hpa(ns, "api", 2, 12);
            client.apps().deployments().inNamespace(ns).withName("api")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");
            pod(ns, "api-1", "api");
            pod(ns, "other-1", "other");

            Await.until("the cache sees the HPA created after start", () -> informed.hpaFor(ns, API).isPresent(), LIMIT);
            assertThat(informed.hpaFor(ns, API)).hasValueSatisfying(h -> {
                assertThat(h.name()).isEqualTo("api-hpa");
                assertThat(h.minReplicas()).isEqualTo(2);
                assertThat(h.maxReplicas()).isEqualTo(12);
            });
            Await.until("the cache sees the new replicas",
                    () -> informed.target(ns, API).map(TargetState::replicas).orElse(0) == 5, LIMIT);
            Await.until("the cache sees the Pod", () -> informed.podStartups(ns, Map.of("app", "api")).size() == 1,
                    LIMIT);
            assertThat(informed.podStartups(ns, Map.of("app", "api"))).extracting(PodStartup::name)
                    .containsExactly("api-1");
            assertThat(informed.target(ns, new TargetRef(TargetKind.StatefulSet, "api"))).isEmpty();
            assertThat(informed.hpaFor("elsewhere", API)).isEmpty();
            assertThat(direct.reads).as("reads that reached the API server").hasValue(0);
        }
    }

    @Test
    void aPatchFromAStaleCachedStateIsRefused409AndTheDirectReadSeesTheChange() {
        String ns = "informed-stale";
        Fixtures fx = new Fixtures(client, null, json);
        fx.deployment(ns, "api", 3, Map.of());
        try (InformedScaleTarget informed = new InformedScaleTarget(client, Set.of(ns),
                new FabricScaleTarget(client, "test"), LIMIT)) {
            TargetState read = informed.target(ns, API).orElseThrow();
            client.apps().deployments().inNamespace(ns).withName("api")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");

            assertThatThrownBy(() -> informed.patchReplicas(read, 6)).isInstanceOf(TargetConflictException.class);

            assertThat(informed.direct().target(ns, API)).hasValueSatisfying(t -> assertThat(t.replicas()).isEqualTo(4));
            assertThat(fx.replicas(ns, "api")).isEqualTo(4);
        }
    }

    private void pod(String ns, String name, String app) {
        client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app)
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .build()).create();
    }
}

package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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

/** A workload without a configured start-up delay gets the p90 measured from its Pods. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class StartupDelayTest {

    private static final String NS = "startup";

    @Inject
    KubernetesClient client;
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
        fx = new Fixtures(client, predictor, json);
    }

    @Test
    void measuresTheP90FromReadyPodsAndSizesTheWindowAfterIt() {
        WorkloadSpec spec = Fixtures.spec(NS, "measured", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "measured", 3, Map.of());
        for (int i = 1; i <= 10; i++) {
            pod("measured-" + i, "measured", Optional.of(Duration.ofSeconds(10L * i)));
        }
        pod("measured-starting", "measured", Optional.empty());
        pod("other-1", "other", Optional.of(Duration.ofSeconds(900)));
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).as("p90 of 10..100 s").isEqualTo(Duration.ofSeconds(90));
        assertThat(registry.find("prescient.startup.delay.seconds").tag("workload", spec.key()).gauge().value())
                .isEqualTo(90.0);
    }

    @Test
    void fallsBackToTheDefaultWithFewerThanThreeReadyPods() {
        WorkloadSpec spec = Fixtures.spec(NS, "young", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "young", 3, Map.of());
        pod("young-1", "young", Optional.of(Duration.ofSeconds(20)));
        pod("young-2", "young", Optional.of(Duration.ofSeconds(25)));
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void usesTheConfiguredDelayWithoutLookingAtPods() {
        WorkloadSpec spec = Fixtures.spec(NS, "configured", ScalingMode.REPLICAS, 1, 20,
                Optional.of(Duration.ofSeconds(45)));
        fx.deployment(NS, "configured", 3, Map.of());
        for (int i = 1; i <= 5; i++) {
            pod("configured-" + i, "configured", Optional.of(Duration.ofSeconds(600)));
        }
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).isEqualTo(Duration.ofSeconds(45));
    }

    /**
     * Creates a Pod (the API server stamps its creation time, as a real one does), then writes its status as the
     * kubelet would: Ready {@code readyAfter} after creation, or not Ready.
     */
    private void pod(String name, String app, Optional<Duration> readyAfter) {
        Pod created = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .build()).create();
        Instant at = Instant.parse(created.getMetadata().getCreationTimestamp());
        Instant readyAt = at.plus(readyAfter.orElse(Duration.ofSeconds(2)));
        String status = "{\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"" + at + "\"},"
                + "{\"type\":\"Ready\",\"status\":\"" + (readyAfter.isPresent() ? "True" : "False")
                + "\",\"lastTransitionTime\":\"" + readyAt + "\"}]}}";
        client.pods().inNamespace(NS).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), status);
        Pod stored = client.pods().inNamespace(NS).withName(name).get();
        assertThat(stored.getStatus().getConditions()).as("status written").hasSize(2);
    }
}

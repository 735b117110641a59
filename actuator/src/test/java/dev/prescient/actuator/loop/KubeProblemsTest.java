package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.LogCapture;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** What the actuator does when the cluster is not as configured: refuse, report once, retry on conflict. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class KubeProblemsTest {

    private static final String NS = "problems";

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
    @KubernetesTestServer
    KubernetesServer server;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    @Test
    void refusesReplicasModeWhenAnHpaScalesTheSameDeployment() {
        WorkloadSpec spec = Fixtures.spec(NS, "fought", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "fought", 3, Map.of());
        fx.hpa(NS, "fought", 2, 10);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        assertThat(reconciler.reconcile(spec, now)).isEmpty();
        assertThat(reconciler.reconcile(spec, now.plusSeconds(300))).isEmpty();

        assertThat(fx.replicas(NS, "fought")).isEqualTo(3);
        assertThat(fx.hpaFloor(NS, "fought")).isEqualTo(2);
        assertThat(fx.events(NS, "fought")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("PredictiveModeRefused");
            assertThat(e.getMessage()).contains("HorizontalPodAutoscaler fought-hpa").contains("set mode: hpa-floor");
        });
        assertThat(fx.holds(spec, "hpa-conflict")).isEqualTo(2.0);
    }

    @Test
    void reportsAMissingTargetOnceAndActsWhenItAppears() {
        WorkloadSpec spec = Fixtures.spec(NS, "later", ScalingMode.REPLICAS, 1, 20);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        for (int tick = 0; tick < 3; tick++) {
            assertThat(reconciler.reconcile(spec, now)).isEmpty();
        }
        assertThat(fx.events(NS, "later")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("PredictiveTargetMissing");
            assertThat(e.getMessage()).startsWith("Deployment problems/later does not exist");
        });
        assertThat(fx.holds(spec, "target-missing")).isEqualTo(3.0);

        fx.deployment(NS, "later", 3, Map.of());
        assertThat(reconciler.reconcile(spec, now)).hasValueSatisfying(
                d -> assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP));
        assertThat(fx.replicas(NS, "later")).isEqualTo(7);
    }

    @Test
    void reReadsAndDecidesAgainAfterAConflict() {
        WorkloadSpec spec = Fixtures.spec(NS, "raced", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "raced", 3, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        RacingTarget racing = new RacingTarget(reconciler.parts().kube());
        WorkloadReconciler raced = new WorkloadReconciler(reconciler.parts().withKube(racing));

        Decision d = raced.reconcile(spec, now).orElseThrow();

        assertThat(racing.outcomes).containsExactly("conflict", "patched");
        assertThat(fx.replicas(NS, "raced")).isEqualTo(7);
        assertThat(d.reason()).as("decided from the re-read state").startsWith("scaled 5→7");
    }

    @Test
    void logsAMissingPermissionOnceNamingVerbAndResource() {
        WorkloadSpec spec = Fixtures.spec("locked", "api", ScalingMode.REPLICAS, 1, 20);
        fx.deployment("locked", "api", 3, Map.of());
        server.expect().patch().withPath("/apis/apps/v1/namespaces/locked/deployments/api/scale")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("deployments.apps \"api\" is forbidden").build())
                .always();
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        try (LogCapture log = LogCapture.of(WorkloadReconciler.class)) {
            reconciler.reconcile(spec, now);
            reconciler.reconcile(spec, now.plusSeconds(300));

            assertThat(log.messages(Level.SEVERE)).singleElement().asString()
                    .contains("may not patch deployments.apps/scale in namespace locked")
                    .contains("grant its service account the verb 'patch'");
        }
        assertThat(fx.replicas("locked", "api")).isEqualTo(3);
        assertThat(fx.holds(spec, "forbidden")).isEqualTo(2.0);
    }

    /** Someone else scales the Deployment to 5 just before the actuator's first patch lands. */
    private final class RacingTarget extends ForwardingScaleTarget {

        final List<String> outcomes = new ArrayList<>();

        RacingTarget(ScaleTarget real) {
            super(real);
        }

        @Override
        public void patchReplicas(TargetState target, int replicas) {
            if (outcomes.isEmpty()) {
                client.apps().deployments().inNamespace(target.namespace()).withName(target.name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");
            }
            try {
                inner.patchReplicas(target, replicas);
                outcomes.add("patched");
            } catch (TargetConflictException e) {
                outcomes.add("conflict");
                throw e;
            }
        }
    }
}

package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The tick over the configured workloads file ({@code src/test/resources/workloads-test.yaml}). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class ActuatorLoopTest {

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    ActuatorLoop loop;
    @Inject
    WorkloadConfig workloads;
    @Inject
    WorkloadReconciler reconciler;
    @FakePredictor.Inject
    WireMockServer predictor;

    @Test
    void decidesEveryConfiguredWorkloadAndHoldsOneWhoseTargetIsMissing() {
        Fixtures fx = new Fixtures(client, predictor, json);
        fx.deployment("loop", "web", 2, Map.of());
        Instant now = Fixtures.now();
        fx.answer(workloads.get("loop/web"), Fixtures.flat(workloads.get("loop/web"), now, 450, "model"));
        fx.answer(workloads.get("loop/absent"), Fixtures.flat(workloads.get("loop/absent"), now, 450, "model"));

        Map<String, Optional<Decision>> decisions = loop.tick(now);

        assertThat(decisions).containsOnlyKeys("loop/web", "loop/absent");
        assertThat(decisions.get("loop/web")).hasValueSatisfying(d -> assertThat(d.desiredReplicas()).isEqualTo(5));
        assertThat(decisions.get("loop/absent")).isEmpty();
        assertThat(fx.replicas("loop", "web")).isEqualTo(5);
        assertThat(loop.lastTick()).contains(now);
    }

    @Test
    void aFollowerNeitherAsksThePredictorNorTouchesTheCluster() {
        Fixtures fx = new Fixtures(client, predictor, json);
        fx.deployment("loop", "quiet", 2, Map.of());
        WorkloadConfig one = new WorkloadConfig(java.util.List.of(
                Fixtures.spec("loop", "quiet", dev.prescient.common.model.ScalingMode.REPLICAS, 1, 10)));
        Leadership follower = new Leadership() {
            @Override
            public boolean isLeader() {
                return false;
            }

            @Override
            public String identity() {
                return "follower";
            }
        };
        ActuatorLoop followerLoop = new ActuatorLoop(one, reconciler, follower);
        predictor.resetRequests();

        assertThat(followerLoop.tick(Fixtures.now())).isEmpty();

        assertThat(predictor.findAll(getRequestedFor(urlPathEqualTo("/forecast"))
                .withQueryParam("workload", equalTo("loop/quiet")))).isEmpty();
        assertThat(fx.replicas("loop", "quiet")).isEqualTo(2);
        assertThat(fx.events("loop", "quiet")).isEmpty();
        assertThat(followerLoop.lastTick()).isEmpty();
    }
}

package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.FabricScaleTarget;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ScalingPolicy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replicas and dry-run modes on the mock API server, with WireMock as the predictor. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class ReplicasModeTest {

    private static final String NS = "replicas";

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    MeterRegistry registry;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler reconciler;
    @FakePredictor.Inject
    WireMockServer predictor;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    @Test
    void scalesUpToTheForecastPeakAndExplainsItInAnEvent() {
        WorkloadSpec spec = Fixtures.spec(NS, "up", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "up", 3, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(fx.replicas(NS, "up")).isEqualTo(7);
        List<Event> events = fx.events(NS, "up");
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getReason()).isEqualTo("PredictiveScaleUp");
        assertThat(e.getMessage()).startsWith("scaled 3→7: forecast p50 + 1.00 × spread = 612.0 over ")
                .as("a model without sizing plans for the p90").contains("needs 7, model v20261127-0412");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(e.getReportingComponent()).isEqualTo(FabricScaleTarget.COMPONENT);
    }

    @Test
    void scalesDownAtOnceByDefaultLikeTheHpaAndByAtMostTheConfiguredStep() {
        WorkloadSpec spec = Fixtures.spec(NS, "down", ScalingMode.REPLICAS, 1, 20);
        WorkloadSpec stepped = Fixtures.spec(NS, "stepped", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "down", 12, Map.of());
        fx.deployment(NS, "stepped", 12, Map.of());
        WorkloadReconciler.Parts p = reconciler.parts();
        ScalingPolicy stepFive = new ScalingPolicy(p.policy().settings().withMaxScaleDownStep(5));
        WorkloadReconciler limited = new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), p.kube(),
                stepFive, new DecisionMemory(stepFive.settings().scaleDownStabilization()), p.startupDelays(),
                p.demandObserver(), p.reporter(), p.metrics(), p.problems(), p.conflictRetries()));
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 150, "model"));
        fx.answer(stepped, Fixtures.flat(stepped, now, 150, "model"));

        reconciler.reconcile(spec, now);
        limited.reconcile(stepped, now);
        assertThat(fx.replicas(NS, "down")).as("no step limit by default").isEqualTo(2);
        assertThat(fx.replicas(NS, "stepped")).as("12 - step 5").isEqualTo(7);

        Instant later = now.plusSeconds(1200);
        fx.answer(stepped, Fixtures.flat(stepped, later, 150, "model"));
        limited.reconcile(stepped, later);
        assertThat(fx.replicas(NS, "stepped")).as("7 - 5 reaches the need of 2").isEqualTo(2);
        assertThat(fx.events(NS, "stepped")).extracting(Event::getReason)
                .containsExactly("PredictiveScaleDown", "PredictiveScaleDown");
    }

    /** Within [min, max], and up by at most max(100 %, 4 pods) per decision. */
    @ParameterizedTest(name = "from {1} with demand {2} rps stays within [{3}, {4}] at {5}")
    @CsvSource({
            "clamp-max, 5, 5000, 1, 8, 8",
            "up-limit, 3, 5000, 1, 100, 7",
            "clamp-min, 4, 0, 3, 10, 3",
            "clamp-min-up, 1, 50, 2, 10, 2"
    })
    void neverLeavesMinAndMaxReplicas(String name, int from, double rate, int min, int max, int expected) {
        WorkloadSpec spec = Fixtures.spec(NS, name, ScalingMode.REPLICAS, min, max);
        fx.deployment(NS, name, from, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, rate, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.desiredReplicas()).isEqualTo(expected);
        assertThat(fx.replicas(NS, name)).isEqualTo(expected);
    }

    @Test
    void dryRunChangesNothingButReportsWhatItWouldDo() {
        WorkloadSpec spec = Fixtures.spec(NS, "dry", ScalingMode.DRY_RUN, 1, 20);
        fx.deployment(NS, "dry", 3, Map.of());
        String before = client.apps().deployments().inNamespace(NS).withName("dry").get().getMetadata()
                .getResourceVersion();
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.desiredReplicas()).isEqualTo(7);
        assertThat(fx.replicas(NS, "dry")).isEqualTo(3);
        assertThat(client.apps().deployments().inNamespace(NS).withName("dry").get().getMetadata()
                .getResourceVersion()).as("not even a no-op patch").isEqualTo(before);
        assertThat(fx.events(NS, "dry")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("PredictiveDryRun");
            assertThat(e.getMessage()).startsWith("dry-run, nothing changed: scaled 3→7");
        });
    }

    @Test
    void keepsReplicasAndWritesNoEventWhenTheForecastAsksForTheCurrentCount() {
        WorkloadSpec spec = Fixtures.spec(NS, "steady", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "steady", 4, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 400, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.action()).isEqualTo(Decision.Action.NO_CHANGE);
        assertThat(fx.replicas(NS, "steady")).isEqualTo(4);
        assertThat(fx.events(NS, "steady")).isEmpty();
    }
}

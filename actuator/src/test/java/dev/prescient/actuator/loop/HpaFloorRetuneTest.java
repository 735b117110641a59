package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.Sizing;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hpa-floor mode with a learnt sizing: the HPA under the floor gets the sizing's reactive setting (target 0.85 of
 * 100 rps per pod, 2-minute scale-down window) in the same merge patch as the floor, its original recorded once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class HpaFloorRetuneTest {

    private static final String NS = "retune";
    /** Sizes the floor for the forecast's p90 (612 rps → 7 pods); the HPA under it at 0.85 with a 2 min window. */
    private static Sizing sizing(double target, int windowMinutes) {
        return new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.0), 0, 0)),
                new Sizing.Reactive(target, windowMinutes), Sizing.Calibration.none());
    }

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

    private WorkloadSpec workload(String name, Integer window, MetricSpec... metrics) {
        WorkloadSpec spec = Fixtures.spec(NS, name, ScalingMode.HPA_FLOOR, 2, 20);
        fx.deployment(NS, name, 3, Map.of());
        fx.hpa(NS, name, 2, 20, window, metrics);
        return spec;
    }

    private void answer(WorkloadSpec spec, Instant now, Optional<Sizing> sizing) {
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model").withSizing(sizing));
    }

    @Test
    void retunesWindowAndTargetWithTheFloorRecordingTheOriginalOnce() throws Exception {
        WorkloadSpec spec = workload("api", 300, Fixtures.cpuUtilization(70));
        Instant now = Fixtures.now();
        answer(spec, now, Optional.of(sizing(0.85, 2)));

        reconciler.reconcile(spec, now);

        HorizontalPodAutoscaler hpa = fx.readHpa(NS, "api");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(7);
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(120);
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getPolicies()).as("the rest of the behavior stays")
                .singleElement().satisfies(p -> assertThat(p.getPeriodSeconds()).isEqualTo(15));
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(85);
        JsonNode original = json.readTree(hpa.getMetadata().getAnnotations().get(HpaState.ORIGINAL_ANNOTATION));
        assertThat(original.at("/behavior/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(300);
        assertThat(original.at("/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        assertThat(fx.events(NS, "api")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("PredictiveScaleUp", "PredictiveHpaRetuned");
        assertThat(fx.events(NS, "api")).filteredOn(e -> e.getReason().equals("PredictiveHpaRetuned")).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"))
                .extracting(Event::getMessage).asString()
                .contains("scale-down window 300 s → 120 s", "cpu (Resource) utilisation target 70 % → 85 %",
                        "model v20261127-0412");

        answer(spec, now.plusSeconds(300), Optional.of(sizing(0.6, 10)));
        reconciler.reconcile(spec, now.plusSeconds(300));

        hpa = fx.readHpa(NS, "api");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
        assertThat(json.readTree(hpa.getMetadata().getAnnotations().get(HpaState.ORIGINAL_ANNOTATION)))
                .as("the original is never overwritten").isEqualTo(original);
        assertThat(counter("prescient.hpa.retunes", spec)).isEqualTo(2.0);
    }

    static Stream<Arguments> metricTypes() {
        Function<HorizontalPodAutoscaler, MetricTarget> container =
                h -> h.getSpec().getMetrics().get(0).getContainerResource().getTarget();
        Function<HorizontalPodAutoscaler, MetricTarget> pods = h -> h.getSpec().getMetrics().get(0).getPods().getTarget();
        Function<HorizontalPodAutoscaler, MetricTarget> object =
                h -> h.getSpec().getMetrics().get(0).getObject().getTarget();
        Function<HorizontalPodAutoscaler, MetricTarget> external =
                h -> h.getSpec().getMetrics().get(0).getExternal().getTarget();
        return Stream.of(
                Arguments.of("container", Fixtures.containerCpuUtilization(50), container, "85"),
                Arguments.of("pods", Fixtures.podsAverageValue("100"), pods, "85"),
                Arguments.of("object", Fixtures.objectAverageValue("1k"), object, "85"),
                Arguments.of("external", Fixtures.externalAverageValue("30"), external, "85"));
    }

    @ParameterizedTest
    @MethodSource("metricTypes")
    void setsTheTargetOfEachMetricTypeThatCanExpressIt(String name, MetricSpec metric,
                                                       Function<HorizontalPodAutoscaler, MetricTarget> target,
                                                       String expected) {
        WorkloadSpec spec = workload(name, null, metric);
        Instant now = Fixtures.now();
        answer(spec, now, Optional.of(sizing(0.85, 5)));

        reconciler.reconcile(spec, now);

        HorizontalPodAutoscaler hpa = fx.readHpa(NS, name);
        MetricTarget set = target.apply(hpa);
        assertThat(set.getType().equals("Utilization") ? String.valueOf(set.getAverageUtilization())
                : set.getAverageValue().toString()).isEqualTo(expected);
        assertThat(hpa.getSpec().getBehavior()).as("the learnt 5 min window is Kubernetes' default: not written")
                .isNull();
        assertThat(withoutTarget(hpa.getSpec().getMetrics().get(0))).as("only the target changed")
                .isEqualTo(withoutTarget(metric));
    }

    /** The metric as JSON without its target: type, source name, selector, described object. */
    private JsonNode withoutTarget(MetricSpec metric) {
        ObjectNode node = json.valueToTree(metric);
        node.properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode source) {
                source.remove("target");
            }
        });
        return node;
    }

    @Test
    void leavesATargetItCannotExpressWarnsOnceAndCountsIt() {
        WorkloadSpec spec = workload("value", 300, Fixtures.objectValue("500"), Fixtures.cpuUtilization(70));
        Instant now = Fixtures.now();

        for (int tick = 0; tick < 2; tick++) {
            answer(spec, now.plusSeconds(300L * tick), Optional.of(sizing(0.85, 5)));
            reconciler.reconcile(spec, now.plusSeconds(300L * tick));
        }

        HorizontalPodAutoscaler hpa = fx.readHpa(NS, "value");
        assertThat(hpa.getSpec().getMetrics().get(0).getObject().getTarget().getValue().toString()).isEqualTo("500");
        assertThat(hpa.getSpec().getMetrics().get(1).getResource().getTarget().getAverageUtilization()).isEqualTo(85);
        assertThat(fx.events(NS, "value")).filteredOn(e -> e.getReason().equals("PredictiveHpaTargetUnsupported"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("requests_per_second (Object, Value)", "left as it is");
                });
        assertThat(counter("prescient.hpa.targets.unsupported", spec)).isEqualTo(2.0);
    }

    @Test
    void patchesNothingWhenTheHpaAlreadyRunsTheLearntSetting() {
        WorkloadSpec spec = workload("tuned", 120, Fixtures.cpuUtilization(85));
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("tuned-hpa")
                .edit(h -> {
                    h.getSpec().setMinReplicas(7);
                    return h;
                });
        String version = fx.readHpa(NS, "tuned").getMetadata().getResourceVersion();
        Instant now = Fixtures.now();
        answer(spec, now, Optional.of(sizing(0.85, 2)));

        reconciler.reconcile(spec, now);

        HorizontalPodAutoscaler hpa = fx.readHpa(NS, "tuned");
        assertThat(hpa.getMetadata().getResourceVersion()).as("no write").isEqualTo(version);
        assertThat(hpa.getMetadata().getAnnotations()).doesNotContainKey(HpaState.ORIGINAL_ANNOTATION);
        assertThat(fx.events(NS, "tuned")).isEmpty();
    }

    @Test
    void leavesTheHpaAsItIsWithoutASizingOrWhileTheTargetIsPaused() {
        WorkloadSpec plain = workload("plain", 300, Fixtures.cpuUtilization(70));
        WorkloadSpec paused = Fixtures.spec(NS, "paused", ScalingMode.HPA_FLOOR, 2, 20);
        fx.deployment(NS, "paused", 3, Map.of("prescient.dev/paused", "true"));
        fx.hpa(NS, "paused", 2, 20, 300, Fixtures.cpuUtilization(70));
        Instant now = Fixtures.now();
        answer(plain, now, Optional.empty());
        answer(paused, now, Optional.of(sizing(0.85, 2)));

        reconciler.reconcile(plain, now);
        reconciler.reconcile(paused, now);

        for (String name : new String[] {"plain", "paused"}) {
            HorizontalPodAutoscaler hpa = fx.readHpa(NS, name);
            assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                    .as(name).isEqualTo(70);
            assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).as(name)
                    .isEqualTo(300);
            assertThat(hpa.getMetadata().getAnnotations()).as(name).doesNotContainKey(HpaState.ORIGINAL_ANNOTATION);
        }
        assertThat(fx.hpaFloor(NS, "plain")).as("the floor still follows the forecast").isEqualTo(7);
    }

    @Test
    void aHoldGivesTheHpaItsOwnTuningBackKeepingTheFloorUntilItIsHandedBack() throws Exception {
        WorkloadReconciler patient = new WorkloadReconciler(reconciler.parts(), java.time.Duration.ofMinutes(10));
        WorkloadSpec spec = workload("held", 300, Fixtures.cpuUtilization(70));
        Instant now = Fixtures.now();
        answer(spec, now, Optional.of(sizing(0.95, 1)));
        patient.reconcile(spec, now);
        HorizontalPodAutoscaler hpa = fx.readHpa(NS, "held");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(95);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(7);

        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        patient.reconcile(spec, now.plusSeconds(300));

        hpa = fx.readHpa(NS, "held");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .as("0.95 was chosen under a floor the hold does not size: the HPA's own 70 % is back").isEqualTo(70);
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(300);
        assertThat(hpa.getSpec().getMinReplicas()).as("the floor stays through a short hold").isEqualTo(7);
        assertThat(hpa.getMetadata().getAnnotations()).doesNotContainKey(HpaState.ORIGINAL_ANNOTATION)
                .containsEntry(HpaState.ORIGINAL_MIN_ANNOTATION, "2");
        assertThat(fx.events(NS, "held")).filteredOn(e -> e.getReason().equals("PredictiveHold")).singleElement()
                .extracting(Event::getMessage).asString().contains(DecisionApplier.OWN_TUNING);

        answer(spec, now.plusSeconds(600), Optional.of(sizing(0.95, 1)));
        patient.reconcile(spec, now.plusSeconds(600));

        hpa = fx.readHpa(NS, "held");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .as("retuned again when forecasts return").isEqualTo(95);
        assertThat(json.readTree(hpa.getMetadata().getAnnotations().get(HpaState.ORIGINAL_ANNOTATION))
                .at("/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
    }

    @Test
    void aSizingThatChoseTheHpaAloneKeepsItsSettingThroughAHoldThatCarriesIt() {
        WorkloadSpec spec = workload("alone", 300, Fixtures.cpuUtilization(70));
        Sizing alone = new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.6, 10),
                Sizing.Calibration.none());
        Instant now = Fixtures.now();
        answer(spec, now, Optional.of(alone));
        reconciler.reconcile(spec, now);
        assertThat(utilisation("alone")).isEqualTo(60);

        // the same forecast, 15 minutes old: a stale hold that still carries the sizing
        Decision stale = reconciler.reconcile(spec, now.plusSeconds(900)).orElseThrow();

        assertThat(stale.holdReason()).contains(HoldReason.FORECAST_STALE);
        assertThat(utilisation("alone")).as("chosen to stand alone, it stays").isEqualTo(60);

        // no forecast at all: no sizing to go by, and the actuator keeps none in memory
        fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
        reconciler.reconcile(spec, now.plusSeconds(1200));

        assertThat(utilisation("alone")).as("the HPA's own setting").isEqualTo(70);
    }

    private int utilisation(String name) {
        return fx.readHpa(NS, name).getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization();
    }

    private double counter(String name, WorkloadSpec spec) {
        Counter c = registry.find(name).tag("workload", spec.key()).counter();
        return c == null ? 0 : c.count();
    }
}

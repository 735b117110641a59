package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.LogCapture;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.trace.TraceHistorySource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demotion in the actuator, on the mock API server with WireMock as the predictor: the predictor's forecast asks
 * for 7 pods (612 rps at 100 rps per pod) while its accuracy says whether to trust it. Limits are the defaults
 * (MASE 1.2, p90 coverage 0.70 over 24 h, judged from 360 points, re-enabled after 2 h of good ticks).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class DemotedWorkloadTest {

    private static final String NS = "demotion";
    private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");

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
    @TempDir
    Path dir;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    private void answer(WorkloadSpec spec, Instant now, double mase, double coverage) {
        fx.answer(spec, Fixtures.withAccuracy(Fixtures.flat(spec, now, 612, "model"), mase, coverage, 1380));
    }

    private static Instant minute(int m) {
        return START.plus(Duration.ofMinutes(m));
    }

    /** Events written since {@code seen} events, by reason. */
    private List<String> newEvents(String name, int seen) {
        List<Event> all = fx.events(NS, name);
        return all.subList(seen, all.size()).stream().map(Event::getReason).toList();
    }

    /**
     * Every 5 minutes: good, bad (coverage 0.50), good, bad again (MASE 1.5: the recovery clock stops), then good
     * from minute 20: re-enabled at minute 140, 2 h later, not at 135. While demoted the floor decays to what the
     * observed 250 rps need (3 pods) no faster than a scale-down: the forecast's 7 of minute 0 still counts at minute 5
     * (the 5-minute stabilisation window's edge counts) and is out of it at minute 10.
     */
    @Test
    void hpaFloorDecaysToTheObservedNeedWhileDemotedAndComesBackOnlyAfterTwoGoodHours() throws IOException {
        WorkloadSpec spec = Fixtures.spec(NS, "floor", ScalingMode.HPA_FLOOR, 2, 20);
        fx.deployment(NS, "floor", 3, Map.of());
        fx.hpa(NS, "floor", 2, 20);
        WorkloadReconciler observing = withObservedDemand(250);
        List<String> trace = new ArrayList<>();
        int seen = 0;
        try (LogCapture log = LogCapture.of(WorkloadDemotions.class)) {
            for (int m = 0; m <= 145; m += 5) {
                boolean bad = m == 5 || m == 15;
                answer(spec, minute(m), m == 15 ? 1.5 : 0.8, m == 5 ? 0.5 : 0.9);
                Decision d = observing.reconcile(spec, minute(m)).orElseThrow();
                List<String> events = newEvents("floor", seen);
                seen += events.size();
                trace.add(m + ":" + d.holdReason().map(HoldReason::tag).orElse(d.action().tag()) + ":"
                        + fx.hpaFloor(NS, "floor") + ":" + events.stream().sorted().toList() + (bad ? ":bad" : ""));
                if (m == 5) {
                    assertThat(gauge(spec)).isEqualTo(1.0);
                }
            }
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("workload=demotion/floor demoted=true forecasts demoted: p90 coverage 0.500 over the "
                            + "last 24h is below the limit 0.70 (1,380 points)");
            assertThat(log.messages(Level.INFO)).anySatisfy(line -> assertThat(line)
                    .startsWith("workload=demotion/floor demoted=false forecasts re-enabled: accuracy within limits "
                            + "since 2026-11-27T12:20:00Z (2h)"));
        }
        assertThat(trace.subList(0, 5)).containsExactly(
                "0:up:7:[PredictiveScaleUp]",
                "5:demoted:7:[PredictiveDemoted]:bad",
                "10:demoted:3:[PredictiveHold]",
                "15:demoted:3:[]:bad",
                "20:demoted:3:[]");
        assertThat(trace.get(27)).isEqualTo("135:demoted:3:[]");
        assertThat(trace.get(28)).isEqualTo("140:up:7:[PredictiveReenabled, PredictiveScaleUp]");
        assertThat(trace.get(29)).isEqualTo("145:none:7:[]");
        assertThat(fx.replicas(NS, "floor")).as("the HPA, not Prescient, owns the replicas").isEqualTo(3);

        List<Event> events = fx.events(NS, "floor");
        Event demoted = events.stream().filter(e -> e.getReason().equals("PredictiveDemoted")).findFirst().orElseThrow();
        assertThat(demoted.getType()).isEqualTo("Warning");
        assertThat(demoted.getMessage()).isEqualTo("forecasts demoted: p90 coverage 0.500 over the last 24h is below "
                + "the limit 0.70 (1,380 points); the HPA floor decays like a scale-down towards what the newest "
                + "observed demand needs (kept while none is observed) and the HPA scales above it until the accuracy "
                + "has been within limits for 2h");
        Event hold = events.stream().filter(e -> e.getReason().equals("PredictiveHold")).findFirst().orElseThrow();
        assertThat(hold.getType()).isEqualTo("Normal");
        assertThat(hold.getMessage()).contains("hold (demoted)")
                .contains("decaying the HPA floor 7→3 (the newest observed rate 250.0 needs 3)");
        Event back = events.stream().filter(e -> e.getReason().equals("PredictiveReenabled")).findFirst().orElseThrow();
        assertThat(back.getType()).isEqualTo("Normal");
        assertThat(back.getMessage()).startsWith("forecasts re-enabled: accuracy within limits since "
                + "2026-11-27T12:20:00Z (2h): MASE 0.800 ≤ 1.20 and p90 coverage 0.900 ≥ 0.70 over the last 24h");

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(scrape).contains("prescient_workload_demoted{workload=\"demotion/floor\"} 0.0")
                .contains("prescient_demotions_total{workload=\"demotion/floor\"} 1.0")
                .contains("prescient_holds_total{reason=\"demoted\",workload=\"demotion/floor\"} 27.0");
    }

    /**
     * Replicas mode has no HPA: while demoted the policy follows the newest observed rate (250 rps: 3 pods), down no
     * faster than a scale-down: the 7 of minute 0 is kept at minute 5 (the window's edge counts), gone at minute 10.
     */
    @Test
    void replicasModeFollowsTheObservedRateWhileDemoted() throws IOException {
        WorkloadSpec spec = Fixtures.spec(NS, "pods", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "pods", 5, Map.of());
        WorkloadReconciler withDemand = withObservedDemand(250);

        answer(spec, minute(0), 0.8, 0.9);
        Decision up = withDemand.reconcile(spec, minute(0)).orElseThrow();
        answer(spec, minute(5), 2.0, 0.9);
        Decision demoted = withDemand.reconcile(spec, minute(5)).orElseThrow();
        int heldAt5 = fx.replicas(NS, "pods");
        answer(spec, minute(10), 2.0, 0.9);
        Decision decayed = withDemand.reconcile(spec, minute(10)).orElseThrow();

        assertThat(up.desiredReplicas()).isEqualTo(7);
        assertThat(demoted.holdReason()).contains(HoldReason.DEMOTED);
        assertThat(demoted.reason()).endsWith("keeping replicas at 7");
        assertThat(heldAt5).as("no faster than a scale-down").isEqualTo(7);
        assertThat(decayed.holdReason()).contains(HoldReason.DEMOTED);
        assertThat(decayed.reason()).endsWith("decaying replicas 7→3 (the newest observed rate 250.0 needs 3)");
        assertThat(fx.replicas(NS, "pods")).isEqualTo(3);
        assertThat(fx.events(NS, "pods")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("PredictiveScaleUp", "PredictiveDemoted", "PredictiveHold");
        assertThat(fx.events(NS, "pods")).filteredOn(e -> e.getReason().equals("PredictiveDemoted"))
                .singleElement().extracting(Event::getMessage).asString()
                .startsWith("forecasts demoted: MASE 2.000 over the last 24h is above the limit 1.20 (1,380 points); "
                        + "replicas follow the newest observed rate (the reactive fallback)");
    }

    /** Dry-run reports the demotion and what the reactive fallback would do, and changes nothing. */
    @Test
    void dryRunReportsTheDemotionAndChangesNothing() throws IOException {
        WorkloadSpec spec = Fixtures.spec(NS, "dry", ScalingMode.DRY_RUN, 1, 20);
        fx.deployment(NS, "dry", 5, Map.of());
        WorkloadReconciler withDemand = withObservedDemand(250);

        answer(spec, minute(0), 0.8, 0.5);
        Decision d = withDemand.reconcile(spec, minute(0)).orElseThrow();

        assertThat(d.holdReason()).contains(HoldReason.DEMOTED);
        assertThat(d.desiredReplicas()).isEqualTo(3);
        assertThat(fx.replicas(NS, "dry")).isEqualTo(5);
        assertThat(fx.events(NS, "dry")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("PredictiveDemoted", "PredictiveHold");
        assertThat(fx.events(NS, "dry")).filteredOn(e -> e.getReason().equals("PredictiveHold"))
                .singleElement().extracting(Event::getMessage).asString()
                .startsWith("dry-run, nothing changed: hold (demoted)")
                .endsWith("decaying replicas 5→3 (the newest observed rate 250.0 needs 3)");
    }

    /** Without the predictor's accuracy, or with demotion off, the forecast is used whatever its figures. */
    @Test
    void usesTheForecastWhenAccuracyIsUnknownOrDemotionIsOff() {
        WorkloadSpec unknown = Fixtures.spec(NS, "unknown", ScalingMode.REPLICAS, 1, 20);
        WorkloadSpec off = Fixtures.spec(NS, "off", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "unknown", 3, Map.of());
        fx.deployment(NS, "off", 3, Map.of());
        fx.answer(unknown, Fixtures.flat(unknown, minute(0), 612, "model"));
        answer(off, minute(0), 5.0, 0.1);
        WorkloadReconciler disabled = new WorkloadReconciler(reconciler.parts().withDemotions(
                WorkloadDemotions.disabled(reconciler.parts().kube(), reconciler.parts().metrics(),
                        reconciler.parts().problems())));

        assertThat(reconciler.reconcile(unknown, minute(0)).orElseThrow().desiredReplicas()).isEqualTo(7);
        assertThat(disabled.reconcile(off, minute(0)).orElseThrow().desiredReplicas()).isEqualTo(7);
        assertThat(fx.events(NS, "off")).extracting(Event::getReason).containsExactly("PredictiveScaleUp");
    }

    private double gauge(WorkloadSpec spec) {
        return registry.find("prescient.workload.demoted").tag("workload", spec.key()).gauge().value();
    }

    /** The configured reconciler, reading observed demand from a trace of {@code rate} rps from 4 days before START. */
    private WorkloadReconciler withObservedDemand(double rate) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (Instant t = START.minus(Duration.ofDays(4)); t.isBefore(START.plus(Duration.ofHours(3)));
                t = t.plusSeconds(60)) {
            csv.append(t).append(',').append(rate).append('\n');
        }
        Path trace = Files.writeString(dir.resolve("demand-" + System.nanoTime() + ".csv"), csv);
        WorkloadReconciler.Parts p = reconciler.parts();
        DemandObserver observed = new DemandObserver(
                Optional.of(new TraceHistorySource(trace, GapPolicy.defaults())), p.policy().settings());
        return new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), p.kube(), p.policy(),
                new DecisionMemory(p.policy().settings().scaleDownStabilization()), p.startupDelays(), observed,
                p.reporter(), p.metrics(), p.problems(), p.conflictRetries(), p.demotions()));
    }
}

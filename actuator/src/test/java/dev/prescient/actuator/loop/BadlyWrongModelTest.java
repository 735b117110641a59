package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.LogCapture;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.Forecast;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault case of a newly promoted model that is badly wrong, on the mock API server with WireMock as the
 * predictor: the workload serves 250 rps (3 pods at 100 rps per pod) and model v1 forecasts it well for a day; then
 * v2 is promoted and forecasts 1e9 rps. The predictor scores v2 afresh (its windows hold only its own minutes: a
 * huge MASE, and a p90 coverage of 1.0, since 1e9 covers every actual). Default limits: a young version's last hour
 * is judged from 15 scored minutes. The 15 identical holds before the demotion write one Event (the actuator
 * aggregates an Event identical to the last one on its object).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class BadlyWrongModelTest {

    private static final String NS = "badly-wrong";
    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final double OBSERVED = 250;

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
    @TempDir
    Path dir;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    /**
     * v2 holds at the implausible-forecast bound from its first tick (replicas stay 3, never towards 1e9 / 100) and
     * is demoted at its 15th scored minute, with a PredictiveDemoted Event naming v2; the demoted hold then keeps
     * the replicas at what the observed 250 rps need.
     */
    @Test
    void aModelForecastingOneBillionIsHeldAtTheBoundAndDemotedWithinItsFirstHour() throws IOException {
        WorkloadSpec spec = Fixtures.spec(NS, "api", ScalingMode.REPLICAS, 1, 50);
        fx.deployment(NS, "api", 3, Map.of());
        WorkloadReconciler observing = withObservedDemand();

        fx.answer(spec, response(spec, START, "v1", OBSERVED, 0.8, 0.9, 1440));
        Decision good = observing.reconcile(spec, START).orElseThrow();
        assertThat(good.isHold()).as(good.reason()).isFalse();
        assertThat(good.desiredReplicas()).isEqualTo(3);

        fx.awaitWrites();
        double repeatsBefore = repeatedEvents();
        List<String> trace = new ArrayList<>();
        try (LogCapture log = LogCapture.of(WorkloadDemotions.class)) {
            for (int m = 1; m <= 20; m++) {
                Instant now = START.plus(Duration.ofMinutes(m));
                int ownMinutes = m - 1; // v2's first response still carries v1's figures: v2 is scored from then on
                ForecastResponse answer = ownMinutes == 0
                        ? response(spec, now, "v2", 1e9, 0.8, 0.9, 1440).withAccuracy(
                                accuracy(0.8, 0.9, 1440, "v1"))
                        : response(spec, now, "v2", 1e9, 4.0e6, 1.0, ownMinutes);
                fx.answer(spec, answer);
                Decision d = observing.reconcile(spec, now).orElseThrow();
                trace.add(ownMinutes + ":" + d.holdReason().map(HoldReason::tag).orElse(d.action().tag()) + ":"
                        + fx.replicas(NS, "api"));
            }
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("workload=badly-wrong/api version=v2 demoted=true forecasts of model v2 demoted: "
                            + "MASE 4000000.000 over the last 1h is above the limit 1.20 (15 points)");
        }

        List<String> implausible = new ArrayList<>();
        for (int own = 0; own < 15; own++) {
            implausible.add(own + ":forecast-implausible:3");
        }
        assertThat(trace.subList(0, 15)).containsExactlyElementsOf(implausible);
        assertThat(trace.subList(15, 20)).containsExactly("15:demoted:3", "16:demoted:3", "17:demoted:3",
                "18:demoted:3", "19:demoted:3");

        List<Event> events = fx.events(NS, "api");
        assertThat(events).extracting(Event::getReason).doesNotContain("PredictiveScaleUp");
        assertThat(events).as("15 identical holds: one Event, the repeats aggregated")
                .filteredOn(e -> e.getReason().equals("PredictiveHold")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("hold (forecast-implausible)")
                        .contains("forecast peaks at").contains("model v2"));
        assertThat(repeatedEvents() - repeatsBefore).isEqualTo(14.0);
        Event demoted = events.stream().filter(e -> e.getReason().equals("PredictiveDemoted")).findFirst()
                .orElseThrow();
        assertThat(demoted.getType()).isEqualTo("Warning");
        assertThat(demoted.getMessage()).isEqualTo("forecasts of model v2 demoted: MASE 4000000.000 over the last 1h "
                + "is above the limit 1.20 (15 points); replicas follow the newest observed rate (the reactive "
                + "fallback), down no faster than a scale-down until the accuracy has been within limits for 2h");
    }

    private double repeatedEvents() {
        return registry.find("prescient.writes.skipped").tags("kind", "event", "reason", "repeated").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    /** A model forecast of {@code rate} rps (p90; p50 = 0.8 × it) with the accuracy the predictor scored for it. */
    private static ForecastResponse response(WorkloadSpec spec, Instant now, String version, double rate,
                                             double mase, double coverage, int points) {
        double[] p90 = new double[30];
        Arrays.fill(p90, rate);
        double[] p50 = Arrays.stream(p90).map(v -> v * 0.8).toArray();
        Forecast f = new Forecast(now.truncatedTo(ChronoUnit.MINUTES), Duration.ofMinutes(1), p50, p90);
        return ForecastResponse.of(spec.key(), new ForecastResponse.ModelRef(version, "production", "lstm"), "model",
                now, f.start().minus(f.step()), f, new ForecastResponse.Freshness(60, now, now),
                accuracy(mase, coverage, points, version));
    }

    /** The same figures over 24 h from {@code points} minutes and over the last hour from at most 60 of them. */
    private static ForecastResponse.Accuracy accuracy(double mase, double coverage, int points, String version) {
        return new ForecastResponse.Accuracy(new ForecastResponse.AccuracyWindow(mase, coverage, points),
                new ForecastResponse.AccuracyWindow(mase, coverage, Math.min(points, 60)), version);
    }

    /** The configured reconciler, reading observed demand from a trace of 250 rps from 4 days before START. */
    private WorkloadReconciler withObservedDemand() throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (Instant t = START.minus(Duration.ofDays(4)); t.isBefore(START.plus(Duration.ofHours(3)));
                t = t.plusSeconds(60)) {
            csv.append(t).append(',').append(OBSERVED).append('\n');
        }
        Path trace = Files.writeString(dir.resolve("demand.csv"), csv);
        WorkloadReconciler.Parts p = reconciler.parts();
        DemandObserver observed = new DemandObserver(
                Optional.of(new TraceHistorySource(trace, GapPolicy.defaults())), p.policy().settings());
        return new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), p.kube(), p.policy(),
                new DecisionMemory(p.policy().settings().scaleDownStabilization()), p.startupDelays(), observed,
                p.reporter(), p.metrics(), p.problems(), p.conflictRetries(), p.demotions()));
    }
}

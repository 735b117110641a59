package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.trace.TraceHistorySource;
import dev.prescient.trainer.backtest.ForecastTrack;
import dev.prescient.trainer.backtest.HpaEmulator;
import dev.prescient.trainer.backtest.PrescientController;
import dev.prescient.trainer.backtest.SimView;
import dev.prescient.trainer.backtest.TimedDecision;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator and the backtest's {@link PrescientController} run the shared {@link ScalingPolicy} with the actuator's
 * configured settings (the shipped defaults) on the same forecast sequence, with the same learnt {@link Sizing} and the
 * same observed demand, and make identical decisions, one by one. The actuator gets the forecasts and their sizing over
 * HTTP from the fake predictor (through the wire form of {@code sizing.json}), the demand from a trace file through
 * the history source, and its state from the mock API server; the backtest gets all of it in memory. In hpa-floor mode
 * the actuator also retunes the HPA to the sizing's reactive setting, as the backtest retunes its emulated HPA.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class PolicyParityTest {

    private static final Instant MINUTE_ZERO = Instant.parse("2026-11-01T00:00:00Z");
    private static final int DAY = 1440;
    private static final int FIRST = 7 * DAY + 8 * 60;
    private static final int LAST = FIRST + 12 * 60;
    private static final int HORIZON = 30;
    private static final int INITIAL_REPLICAS = 4;
    /** Headroom 0.5 × spread, but 2.0 over minutes 0–4 and 1.5 over minutes 30–34 of every hour. */
    private static final Headroom PHASED = new Headroom(0.5, 60, 5, Map.of(0, 2.0, 6, 1.5));
    private static final Sizing.Reactive REACTIVE = new Sizing.Reactive(0.8, 2);
    private static final Sizing.Calibration CALIBRATION = new Sizing.Calibration(1440, 0.9, 0.97, 120, 140, 600, true);
    /** A floor with the phased headroom, three days of memory and a 10-minute hold (longer than the 5 min window). */
    static final Sizing FLOORED = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(PHASED, 3, 10)), REACTIVE,
            CALIBRATION);
    /** The forecast did not pay for a floor on the calibration span: the reactive setting alone scales. */
    static final Sizing UNFLOORED = new Sizing(1.0, 5, 3, Optional.empty(), REACTIVE, CALIBRATION);

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler configured;
    @FakePredictor.Inject
    WireMockServer predictor;
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"REPLICAS, true", "HPA_FLOOR, true", "REPLICAS, false", "HPA_FLOOR, false"})
    void actuatorAndBacktestDecideIdentically(ScalingMode mode, boolean floored) throws IOException {
        double[] demand = demand();
        Sizing sizing = floored ? FLOORED : UNFLOORED;
        WorkloadSpec spec = Fixtures.spec("parity-" + mode.configName() + "-" + floored, "api", mode, 2, 40);
        ScalingPolicy policy = configured.parts().policy();
        assertThat(policy.settings()).as("the actuator runs the shipped defaults").isEqualTo(PolicySettings.defaults());
        int interval = (int) policy.settings().decisionInterval().toMinutes();
        ForecastTrack track = forecasts(demand, interval);

        List<Decision> backtest = backtest(policy, spec, track, demand, sizing);
        List<Decision> actuator = actuator(policy, spec, track, demand, interval, sizing);

        assertThat(backtest).hasSize((LAST - FIRST) / interval);
        assertThat(backtest).extracting(Decision::action).contains(Decision.Action.HOLD, !floored
                && mode == ScalingMode.HPA_FLOOR ? Decision.Action.NO_CHANGE : Decision.Action.SCALE_UP);
        if (floored) {
            assertThat(backtest).extracting(Decision::action).contains(Decision.Action.SCALE_DOWN,
                    Decision.Action.NO_CHANGE);
            assertThat(backtest).as("some sized by the demand of earlier days (the 14:00 burst the forecast misses)")
                    .anySatisfy(d -> assertThat(d.reason()).contains("demand remembered from an earlier day"));
            assertThat(backtest).as("some sized with the headroom of minutes 0-4 of the hour")
                    .anySatisfy(d -> assertThat(d.reason()).contains("forecast p50 + 2.00 × spread"));
            assertThat(backtest).as("some sized with the headroom of minutes 30-34 of the hour")
                    .anySatisfy(d -> assertThat(d.reason()).contains("forecast p50 + 1.50 × spread"));
            assertThat(backtest).as("the others with the pooled headroom")
                    .anySatisfy(d -> assertThat(d.reason()).contains("forecast p50 + 0.50 × spread"));
        } else {
            assertThat(backtest).as("the reactive setting scales").anySatisfy(d -> assertThat(d.reason())
                    .contains(mode == ScalingMode.HPA_FLOOR ? "leaves scaling to the HPA" : "at the learnt target 0.8"));
        }
        for (int i = 0; i < backtest.size(); i++) {
            assertThat(actuator.get(i)).as("decision %d at minute %d", i, FIRST + i * interval)
                    .isEqualTo(backtest.get(i));
        }
        assertThat(actuator).hasSameSizeAs(backtest);
        if (mode == ScalingMode.HPA_FLOOR) {
            HorizontalPodAutoscalerSpec hpa = client.autoscaling().v2().horizontalPodAutoscalers()
                    .inNamespace(spec.namespace()).withName("api-hpa").get().getSpec();
            assertThat(hpa.getBehavior().getScaleDown().getStabilizationWindowSeconds()).as("learnt 2 min window")
                    .isEqualTo(120);
            assertThat(hpa.getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                    .as("learnt target 0.8").isEqualTo(80);
        }
    }

    private List<Decision> backtest(ScalingPolicy policy, WorkloadSpec spec, ForecastTrack track, double[] demand,
                                    Sizing sizing) {
        HpaEmulator hpa = new HpaEmulator(spec.capacityPerPod(), 0.7, 0.1, 5, spec.minReplicas(), spec.maxReplicas());
        PrescientController controller = new PrescientController(new ScalingPolicy(policy.settings()), spec,
                Fixtures.STARTUP, track, Map.of(0, sizing), hpa, MINUTE_ZERO, FIRST, Optional.empty());
        for (int t = FIRST; t < LAST; t++) {
            controller.desired(view(t, demand));
        }
        return controller.decisions().stream().map(TimedDecision::decision).toList();
    }

    private List<Decision> actuator(ScalingPolicy policy, WorkloadSpec spec, ForecastTrack track, double[] demand,
                                    int interval, Sizing sizing) throws IOException {
        Fixtures fx = new Fixtures(client, predictor, json);
        fx.deployment(spec.namespace(), "api", INITIAL_REPLICAS, Map.of());
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            fx.hpa(spec.namespace(), "api", spec.minReplicas(), spec.maxReplicas(), null,
                    Fixtures.cpuUtilization(70));
        }
        WorkloadReconciler.Parts p = configured.parts();
        DemandObserver observed = new DemandObserver(
                Optional.of(new TraceHistorySource(trace(demand), GapPolicy.defaults())), policy.settings());
        WorkloadReconciler reconciler = new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), p.kube(),
                policy, new DecisionMemory(policy.settings().scaleDownStabilization()), p.startupDelays(),
                observed, p.reporter(), p.metrics(), p.problems(), p.conflictRetries()));
        List<Decision> decisions = new ArrayList<>();
        for (int t = FIRST; t < LAST; t += interval) {
            Instant now = MINUTE_ZERO.plus(Duration.ofMinutes(t));
            Optional<Forecast> f = track.at(t);
            if (f.isPresent()) {
                fx.answer(spec, ForecastResponse.of(spec.key(), new ForecastResponse.ModelRef(track.forecaster(),
                                "production", "lstm"), "model", now, now.minusSeconds(60), f.get(),
                        new ForecastResponse.Freshness(60, now, now), null, Optional.of(sizing)));
            } else {
                fx.fail(spec, 503, "history-unavailable", "no history at minute " + t);
            }
            decisions.add(reconciler.reconcile(spec, now).orElseThrow());
        }
        return decisions;
    }

    /** Two-peaked days with noise and a recurring 14:00 burst (which the forecasts below miss). */
    private static double[] demand() {
        Random random = new Random(7);
        double[] d = new double[LAST + HORIZON + 10];
        for (int m = 0; m < d.length; m++) {
            double day = 2 * Math.PI * (m % DAY) / DAY;
            double v = 1200 - 700 * Math.cos(day) + 300 * Math.sin(2 * day) + random.nextGaussian() * 60;
            if (m % DAY >= 14 * 60 && m % DAY < 14 * 60 + 20) {
                v += 1500;
            }
            d[m] = Math.max(0, Math.round(v * 10) / 10.0);
        }
        return d;
    }

    /** Forecasts at every decision minute from the true demand with error; every 13th origin has none. */
    private static ForecastTrack forecasts(double[] demand, int interval) {
        Random random = new Random(11);
        ForecastTrack track = new ForecastTrack("lstm-v20261101-0000");
        int k = 0;
        for (int t = FIRST; t < LAST; t += interval, k++) {
            if (k % 13 == 12) {
                continue;
            }
            double[] p50 = new double[HORIZON];
            double[] p90 = new double[HORIZON];
            for (int i = 0; i < HORIZON; i++) {
                int m = t + i;
                boolean burst = m % DAY >= 14 * 60 && m % DAY < 14 * 60 + 20;
                double truth = burst ? demand[m] - 1500 : demand[m];
                p50[i] = Math.max(0, truth * (1 + random.nextGaussian() * 0.05));
                p90[i] = p50[i] * 1.15;
            }
            track.put(t, new Forecast(MINUTE_ZERO.plus(Duration.ofMinutes(t)), Duration.ofMinutes(1), p50, p90));
        }
        return track;
    }

    private Path trace(double[] demand) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int m = 0; m < LAST; m++) {
            csv.append(MINUTE_ZERO.plus(Duration.ofMinutes(m))).append(',').append(demand[m]).append('\n');
        }
        return Files.writeString(dir.resolve("demand.csv"), csv);
    }

    private static SimView view(int t, double[] demand) {
        return new SimView() {
            @Override
            public int minute() {
                return t;
            }

            @Override
            public int firstKnownMinute() {
                return 0;
            }

            @Override
            public double demand(int m) {
                if (m >= t) {
                    throw new AssertionError("the backtest read the future: minute " + m + " at " + t);
                }
                return demand[m];
            }

            @Override
            public int ready(int m) {
                return INITIAL_REPLICAS;
            }

            @Override
            public int total() {
                return INITIAL_REPLICAS;
            }
        };
    }
}

package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.LogCapture;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import io.fabric8.kubernetes.api.model.Event;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Every reason to hold: the replicas stay, a Warning Event says why, the hold is counted by reason. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class HoldReasonsTest {

    private static final String NS = "holds";

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

    /** One way the forecast or the target makes the actuator hold; each would otherwise scale 3 → 7. */
    enum Case {
        STALE_FORECAST(HoldReason.FORECAST_STALE, "is 660 s old (limit 600 s)"),
        PREDICTOR_5XX(HoldReason.FORECAST_MISSING, "predictor answered 503 history-unavailable"),
        PREDICTOR_UNREACHABLE(HoldReason.FORECAST_MISSING, "predictor unreachable"),
        PREDICTOR_404(HoldReason.FORECAST_MISSING, "predictor answered 404 unknown-workload"),
        MALFORMED_FORECAST(HoldReason.FORECAST_MISSING, "malformed forecast"),
        FUTURE_FORECAST(HoldReason.FORECAST_MISSING, "is 3600 s ahead of the actuator's clock (allowed skew 30 s)"),
        FALLBACK_FORECAST(HoldReason.FALLBACK_FORECAST, "forecast comes from fallback:seasonal-naive"),
        PAUSED_ANNOTATION(HoldReason.PAUSED, "paused by annotation prescient.dev/paused=true");

        final HoldReason reason;
        final String explained;

        Case(HoldReason reason, String explained) {
            this.reason = reason;
            this.explained = explained;
        }

        String workload() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void holdsReplicasAndExplainsWhy(Case c) {
        WorkloadSpec spec = Fixtures.spec(NS, c.workload(), ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, c.workload(), 3, c == Case.PAUSED_ANNOTATION
                ? Map.of(TargetState.PAUSED_ANNOTATION, "true") : Map.of());
        Instant now = Fixtures.now();
        arrange(c, spec, now);

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.holdReason()).contains(c.reason);
        assertThat(fx.replicas(NS, c.workload())).isEqualTo(3);
        Event event = fx.events(NS, c.workload()).stream().filter(e -> e.getReason().equals("PredictiveHold"))
                .findFirst().orElseThrow();
        assertThat(event.getType()).isEqualTo(c == Case.PAUSED_ANNOTATION ? "Normal" : "Warning");
        assertThat(event.getMessage()).startsWith("hold (" + c.reason.tag() + ")").contains(c.explained)
                .contains("keeping replicas at 3");
        assertThat(fx.holds(spec, c.reason.tag())).isEqualTo(1.0);
    }

    private void arrange(Case c, WorkloadSpec spec, Instant now) {
        switch (c) {
            case STALE_FORECAST -> fx.answer(spec, Fixtures.flat(spec, now.minusSeconds(660), 612, "model"));
            case PREDICTOR_5XX -> fx.fail(spec, 503, "history-unavailable", "Prometheus is down");
            case PREDICTOR_UNREACHABLE -> fx.answer(spec, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            case PREDICTOR_404 -> fx.fail(spec, 404, "unknown-workload", "known workloads: a/b");
            case MALFORMED_FORECAST -> fx.answer(spec, aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"workload\":\"" + spec.key() + "\",\"source\":\"model\",\"generatedAt\":\""
                            + now + "\",\"stepSeconds\":60,\"points\":[]}"));
            case FUTURE_FORECAST -> fx.answer(spec, Fixtures.flat(spec, now.plusSeconds(3600), 612, "model"));
            case FALLBACK_FORECAST -> fx.answer(spec, Fixtures.flat(spec, now, 612, "fallback:seasonal-naive"));
            case PAUSED_ANNOTATION -> fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        }
    }

    /** A forecast stamped in the future would pass any staleness check: beyond the allowed skew it counts as missing. */
    @ParameterizedTest(name = "generated {0} s ahead -> refused: {1}")
    @CsvSource({"0, false", "30, false", "31, true", "86400, true"})
    void refusesAForecastStampedFurtherAheadThanTheAllowedClockSkew(long aheadSeconds, boolean refused) {
        String name = "ahead-" + aheadSeconds;
        WorkloadSpec spec = Fixtures.spec(NS, name, ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, name, 3, Map.of());
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now.plusSeconds(aheadSeconds), 612, "model"));

        Decision d;
        List<String> warnings;
        try (LogCapture log = LogCapture.of(ForecastFetcher.class)) {
            d = reconciler.reconcile(spec, now).orElseThrow();
            warnings = log.messages(Level.WARNING);
        }

        Counter rejected = registry.find("prescient.forecasts.rejected")
                .tags("workload", spec.key(), "reason", "future").counter();
        if (refused) {
            assertThat(d.holdReason()).contains(HoldReason.FORECAST_MISSING);
            assertThat(fx.replicas(NS, name)).isEqualTo(3);
            assertThat(rejected).isNotNull().extracting(Counter::count).isEqualTo(1.0);
            assertThat(warnings).singleElement().asString().startsWith("workload=" + spec.key())
                    .contains("is " + aheadSeconds + " s ahead of the actuator's clock");
        } else {
            assertThat(d.isHold()).isFalse();
            assertThat(fx.replicas(NS, name)).isEqualTo(7);
            assertThat(rejected).isNull();
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void retriesA5xxWithBackoffAndActsOnTheAnswerThatFollows() {
        WorkloadSpec spec = Fixtures.spec(NS, "flaky", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "flaky", 3, Map.of());
        Instant now = Fixtures.now();
        String scenario = "flaky";
        predictor.stubFor(forecastOf(spec)
                .inScenario(scenario).whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        predictor.stubFor(forecastOf(spec)
                .inScenario(scenario).whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        predictor.stubFor(forecastOf(spec)
                .inScenario(scenario).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(write(Fixtures.flat(spec, now, 612, "model")))));
        predictor.resetRequests();

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(fx.replicas(NS, "flaky")).isEqualTo(7);
        assertThat(requests(spec)).isEqualTo(3);
    }

    @Test
    void givesUpAfterThreeRetriesOfA5xx() {
        WorkloadSpec spec = Fixtures.spec(NS, "down-predictor", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "down-predictor", 3, Map.of());
        fx.fail(spec, 500, "internal", "boom");
        predictor.resetRequests();

        reconciler.reconcile(spec, Fixtures.now());

        assertThat(requests(spec)).isEqualTo(4);
        assertThat(fx.replicas(NS, "down-predictor")).isEqualTo(3);
    }

    @Test
    void doesNotRetryA4xx() {
        WorkloadSpec spec = Fixtures.spec(NS, "unknown", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "unknown", 3, Map.of());
        fx.fail(spec, 404, "unknown-workload", "known workloads: a/b");
        predictor.resetRequests();

        reconciler.reconcile(spec, Fixtures.now());

        assertThat(requests(spec)).isEqualTo(1);
    }

    private static MappingBuilder forecastOf(WorkloadSpec spec) {
        return get(urlPathEqualTo("/forecast")).withQueryParam("workload", equalTo(spec.key()));
    }

    private int requests(WorkloadSpec spec) {
        return predictor.findAll(getRequestedFor(urlPathEqualTo("/forecast"))
                .withQueryParam("workload", equalTo(spec.key()))).size();
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

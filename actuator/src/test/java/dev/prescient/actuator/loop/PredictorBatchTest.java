package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tick asks the predictor once for every workload ({@code POST /forecasts}); a predictor that is down costs one
 * call per tick, not one per workload, and every workload holds {@code forecast-missing} with its Event.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class PredictorBatchTest {

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
    @Inject
    @RestClient
    PredictorApi api;
    @FakePredictor.Inject
    WireMockServer predictor;

    private final List<StubMapping> stubs = new ArrayList<>();
    /** The fetcher's own meters: the application's registry is global and outlives restarts of the test app. */
    private final SimpleMeterRegistry fetcherMeters = new SimpleMeterRegistry();

    @AfterEach
    void removeFaults() {
        stubs.forEach(predictor::removeStub);
    }

    /** {@code n} replicas-mode workloads on Deployments at 3 replicas in namespace {@code ns}. */
    private List<WorkloadSpec> workloads(Fixtures fx, String ns, int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            fx.deployment(ns, "app-" + i, 3, Map.of());
            return Fixtures.spec(ns, "app-" + i, ScalingMode.REPLICAS, 1, 20);
        }).toList();
    }

    /** A loop of its own over {@code specs}, with a fresh fetcher (a closed breaker) of 3 retries. */
    private ActuatorLoop loop(List<WorkloadSpec> specs, int batchSize) {
        ForecastFetcher fetcher = new ForecastFetcher(api, 3, Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(6), Duration.ofSeconds(30), new ActuatorMetrics(fetcherMeters), batchSize,
                Duration.ofMinutes(1));
        return new ActuatorLoop(new WorkloadConfig(specs), new WorkloadReconciler(reconciler.parts().withFetcher(fetcher)),
                Leadership.always("batch-test"), Duration.ofSeconds(12), 4, Optional.of(Duration.ofSeconds(10)),
                System::nanoTime);
    }

    private int batchCalls() {
        return predictor.findAll(postRequestedFor(urlPathEqualTo("/forecasts"))).size();
    }

    private int getCalls() {
        return predictor.findAll(getRequestedFor(urlPathEqualTo("/forecast"))).size();
    }

    @Test
    void aTickAsksForEveryWorkloadInOneCallAndDecidesEach() throws Exception {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-one", 5);
        Instant now = Fixtures.now();
        specs.forEach(s -> fx.answer(s, Fixtures.flat(s, now, 612, "model")));
        predictor.resetRequests();

        Map<String, Optional<Decision>> decided = loop(specs, 1000).tick(now);

        assertThat(batchCalls()).isEqualTo(1);
        assertThat(getCalls()).isZero();
        Map<?, ?> body = json.readValue(predictor.findAll(postRequestedFor(urlPathEqualTo("/forecasts"))).get(0)
                .getBodyAsString(), Map.class);
        assertThat(body.get("workloads")).isEqualTo(specs.stream().map(WorkloadSpec::key).toList());
        assertThat(decided).containsOnlyKeys(specs.stream().map(WorkloadSpec::key).toList());
        specs.forEach(s -> assertThat(fx.replicas("batch-one", s.name())).as(s.key()).isEqualTo(7));
    }

    @Test
    void moreWorkloadsThanTheBatchSizeAreAskedForInChunks() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-chunks", 5);
        Instant now = Fixtures.now();
        specs.forEach(s -> fx.answer(s, Fixtures.flat(s, now, 612, "model")));
        predictor.resetRequests();

        Map<String, Optional<Decision>> decided = loop(specs, 2).tick(now);

        assertThat(batchCalls()).isEqualTo(3);
        assertThat(decided.values()).allSatisfy(d -> assertThat(d).hasValueSatisfying(
                x -> assertThat(x.desiredReplicas()).isEqualTo(7)));
    }

    @Test
    void aWorkloadLeftOutOfTheAnswerOrRefusedHoldsForecastMissingWithItsEvent() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-partial", 3);
        Instant now = Fixtures.now();
        fx.answer(specs.get(0), Fixtures.flat(specs.get(0), now, 612, "model"));
        fx.fail(specs.get(1), 404, "unknown-workload", "no workload 'batch-partial/app-1' is configured");
        fx.answer(specs.get(2), aResponse().withStatus(500));
        double missing = holds(specs.get(2).key());

        loop(specs, 1000).tick(now);

        assertThat(fx.replicas("batch-partial", "app-0")).isEqualTo(7);
        assertThat(lastEvent("batch-partial", "app-1").getMessage()).contains("hold (forecast-missing)")
                .contains("predictor answered 404 unknown-workload: no workload 'batch-partial/app-1' is configured");
        assertThat(lastEvent("batch-partial", "app-2").getMessage()).contains("hold (forecast-missing)")
                .contains("the predictor's answer to POST /forecasts left batch-partial/app-2 out");
        assertThat(holds(specs.get(2).key())).isEqualTo(missing + 1);
        assertThat(fx.replicas("batch-partial", "app-2")).isEqualTo(3);
    }

    @Test
    void aPredictorThatIsDownCostsOneCallPerTickNotOnePerWorkload() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-down", 6);
        stubs.add(predictor.stubFor(post(urlPathEqualTo("/forecasts")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
        predictor.resetRequests();
        ActuatorLoop loop = loop(specs, 1000);
        Instant now = Fixtures.now();

        Map<String, Optional<Decision>> first = loop.tick(now);

        assertThat(batchCalls()).as("one call, no retry once the breaker opened").isEqualTo(1);
        assertThat(getCalls()).isZero();
        assertThat(first).containsOnlyKeys(specs.stream().map(WorkloadSpec::key).toList());
        assertThat(first.values()).allSatisfy(d -> assertThat(d).hasValueSatisfying(
                x -> assertThat(x.holdReason()).hasValueSatisfying(h -> assertThat(h.tag()).isEqualTo("forecast-missing"))));
        specs.forEach(s -> {
            assertThat(lastEvent("batch-down", s.name()).getMessage()).as(s.key())
                    .contains("hold (forecast-missing)").contains("predictor unreachable");
            assertThat(fx.replicas("batch-down", s.name())).isEqualTo(3);
        });
        assertThat(fetcherMeters.find("prescient.predictor.circuit.open").gauge().value()).isEqualTo(1.0);

        Map<String, Optional<Decision>> second = loop.tick(now.plusSeconds(300));

        assertThat(batchCalls()).as("the open breaker does not call again within its delay").isEqualTo(1);
        assertThat(second).hasSize(6);
        specs.forEach(s -> assertThat(lastEvent("batch-down", s.name()).getMessage()).as(s.key())
                .contains("hold (forecast-missing)").contains("predictor not asked"));
    }

    @Test
    void aPredictorThatDoesNotAnswerCostsOneReadTimeoutPerTick() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-slow", 4);
        stubs.add(predictor.stubFor(post(urlPathEqualTo("/forecasts")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(4_000).withBody("{\"results\": []}"))));
        predictor.resetRequests();
        long started = System.nanoTime();

        Map<String, Optional<Decision>> decided = loop(specs, 1000).tick(Fixtures.now());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(batchCalls()).isEqualTo(1);
        assertThat(took).as("one read timeout (2 s in tests), no retry").isLessThan(Duration.ofMillis(3_800));
        assertThat(decided).hasSize(4);
        specs.forEach(s -> assertThat(lastEvent("batch-slow", s.name()).getMessage())
                .contains("predictor unreachable").contains("imeout"));
    }

    @Test
    void anOlderPredictorWithoutTheBatchIsAskedWorkloadByWorkload() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        List<WorkloadSpec> specs = workloads(fx, "batch-older", 3);
        Instant now = Fixtures.now();
        specs.forEach(s -> fx.answer(s, Fixtures.flat(s, now, 612, "model")));
        stubs.add(predictor.stubFor(post(urlPathEqualTo("/forecasts")).atPriority(1).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"not-found\", \"detail\": \"HTTP 404 Not Found\"}"))));
        predictor.resetRequests();

        Map<String, Optional<Decision>> decided = loop(specs, 1000).tick(now);

        assertThat(batchCalls()).isEqualTo(1);
        assertThat(getCalls()).isEqualTo(3);
        assertThat(decided).hasSize(3);
        specs.forEach(s -> assertThat(fx.replicas("batch-older", s.name())).as(s.key()).isEqualTo(7));
    }

    private double holds(String workload) {
        Counter c = registry.find("prescient.holds").tags("workload", workload, "reason", "forecast-missing").counter();
        return c == null ? 0 : c.count();
    }

    private Event lastEvent(String ns, String name) {
        List<Event> events = new Fixtures(client, predictor, json, writes, registry).events(ns, name);
        assertThat(events).as("Events of " + ns + "/" + name).isNotEmpty();
        return events.get(events.size() - 1);
    }
}

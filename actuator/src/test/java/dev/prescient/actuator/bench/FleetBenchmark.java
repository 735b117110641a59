package dev.prescient.actuator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.prescient.actuator.kube.DecisionStatus;
import dev.prescient.actuator.kube.FabricScaleTarget;
import dev.prescient.actuator.kube.FencedScaleTarget;
import dev.prescient.actuator.kube.InformedScaleTarget;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.PredictiveScalerStatusWriter;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.kube.StatusRecommendations;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.actuator.loop.ActuatorConfig;
import dev.prescient.actuator.loop.ActuatorLoop;
import dev.prescient.actuator.loop.ActuatorMetrics;
import dev.prescient.actuator.loop.AsyncWriter;
import dev.prescient.actuator.loop.DecisionMemory;
import dev.prescient.actuator.loop.DecisionReporter;
import dev.prescient.actuator.loop.DemandObserver;
import dev.prescient.actuator.loop.ForecastFetcher;
import dev.prescient.actuator.loop.OnceReporter;
import dev.prescient.actuator.loop.PolicyFactory;
import dev.prescient.actuator.loop.PredictorApi;
import dev.prescient.actuator.loop.QueuedEvents;
import dev.prescient.actuator.loop.QueuedStatus;
import dev.prescient.actuator.loop.StartupDelays;
import dev.prescient.actuator.loop.WorkloadDemotions;
import dev.prescient.actuator.loop.WorkloadReconciler;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.ScaleTargetRef;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator at fleet scale: {@value #WORKLOADS} workloads (Deployments with HPAs, hpa-floor mode, start-up delay
 * measured from their Pods; with {@code -Dfleet.catalog=kubernetes}, the default, each a PredictiveScaler too) on the
 * fabric8 mock API server in CRUD mode, WireMock as the predictor answering {@code POST /forecasts}. The actuator is
 * wired as in production ({@code ActuatorBeans}): informer caches, fenced writes, 8 workloads at once, 10 s per
 * workload, the REST client's production timeouts (2 s connect, 5 s read), a 12 s tick deadline, Events and statuses
 * queued on an {@link AsyncWriter} (2 threads) that writes them after each tick. Prints what the mock API server alone
 * sustains, then the wall time of cycles with the predictor answering (every workload's HPA floor raised 2 -> 5,
 * until all are; then a steady cycle, nothing to change), and of cycles with the predictor down (connection reset;
 * then no answer within the read timeout), with the outcomes by reason, the skipped workloads, the calls the
 * predictor saw, the scale writes and their time and the API requests; after each cycle, when the writer had
 * written what the cycle queued (ticks are 5 minutes apart) and what it wrote and skipped; at the end the JVM's VmRSS.
 * Not a test: excluded from the default run (its name does not end in Test), run it with
 * {@code ./mvnw -B -o -pl actuator -am test -Dgroups=benchmark -Dtest=FleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dfleet.catalog=file} for a workloads file).
 */
@Tag("benchmark")
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class FleetBenchmark {

    static final int WORKLOADS = 1000;
    /**
     * {@code -Dfleet.catalog=kubernetes} (the default, as both overlays ship): each workload is a PredictiveScaler,
     * whose status the actuator writes and from which a new leader seeds its memory; {@code file}: a workloads file,
     * no status.
     */
    private static final String CATALOG = System.getProperty("fleet.catalog", "kubernetes");
    private static final boolean FROM_CLUSTER = !CATALOG.equals("file");
    /** {@code prescient.actuator.hpa-floor.handback-after} as shipped (the test profile sets 0s). */
    private static final Duration HANDBACK_AFTER = Duration.ofMinutes(10);
    private static final String NS = "fleet";

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    ScalingPolicy policy;
    @Inject
    ActuatorConfig config;
    @FakePredictor.Inject
    WireMockServer predictor;
    @KubernetesTestServer
    KubernetesServer server;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TimedWrites writes;
    private AsyncWriter writer;

    @Test
    void cycleOverAThousandWorkloads() throws Exception {
        List<WorkloadSpec> specs = IntStream.range(0, WORKLOADS).mapToObj(i -> Fixtures.spec(NS,
                String.format("app-%04d", i), ScalingMode.HPA_FLOOR, 1, 40, Optional.empty())).toList();
        long created = System.nanoTime();
        Fixtures fx = new Fixtures(client, predictor, json);
        fx.deployment(NS, specs.get(0).name(), 2, Map.of());
        fx.hpa(NS, specs.get(0).name(), 2, 40);
        if (FROM_CLUSTER) {
            client.resource(scaler(specs.get(0))).create();
        }
        ForkJoinPool creators = new ForkJoinPool(8);
        creators.submit(() -> specs.subList(1, specs.size()).parallelStream().forEach(s -> {
            fx.deployment(NS, s.name(), 2, Map.of());
            fx.hpa(NS, s.name(), 2, 40);
            if (FROM_CLUSTER) {
                client.resource(scaler(s)).create();
            }
        })).get(10, TimeUnit.MINUTES);
        creators.shutdown();
        System.out.printf("==== fleet benchmark: %d workloads (Deployment + HPA%s, hpa-floor), catalogue %s, %d cores, "
                + "load average %s%n", WORKLOADS, FROM_CLUSTER ? " + PredictiveScaler" : "", CATALOG,
                Runtime.getRuntime().availableProcessors(), load());
        System.out.printf("setup             %d Deployments + %d HPAs%s created in %d ms%n", WORKLOADS, WORKLOADS,
                FROM_CLUSTER ? " + " + WORKLOADS + " PredictiveScalers" : "", millis(created));

        writes = new TimedWrites(new FabricScaleTarget(client, "bench"));
        probeApiServer();
        long informing = System.nanoTime();
        ScaleTarget kube;
        try (InformedScaleTarget informed = new InformedScaleTarget(client, Set.of(NS), writes,
                Duration.ofSeconds(60))) {
            System.out.printf("informers         %d started and synced in %d ms%n", informed.informers(),
                    millis(informing));
            kube = new FencedScaleTarget(informed, Leadership.always("bench"));
            // as ActuatorBeans wires it: Events queued, written by 2 threads after each tick's scale writes
            writer = new AsyncWriter(new AsyncWriter.Settings(10_000, 2, Duration.ofMinutes(30)),
                    Leadership.always("bench"), new ActuatorMetrics(registry), new OnceReporter(), System::nanoTime);
            kube = new QueuedEvents(kube, writer);
            // as ActuatorBeans wires each catalogue: from the cluster, the memory is seeded from each
            // PredictiveScaler's status as the catalogue's watch holds it (no request when a workload is first met)
            // and every decision is queued for its status; from a file, neither
            Duration window = policy.settings().scaleDownStabilization();
            KubernetesWorkloadCatalog cluster = FROM_CLUSTER
                    ? new KubernetesWorkloadCatalog(client, Optional.of(NS)).start(Duration.ofSeconds(60)) : null;
            DecisionMemory memory = FROM_CLUSTER
                    ? new DecisionMemory(window, StatusRecommendations.fromCatalog(cluster)::recent)
                    : new DecisionMemory(window);
            ActuatorLoop loop = loop(specs, kube, memory);

            Instant now = Fixtures.now();
            answer(specs, now);
            Map<String, Long> answered = cycle("predictor answering, floors 2 -> 5", loop, now, 1);
            for (int i = 1; i <= 3 && answered.containsKey("up"); i++) {
                answered = cycle("predictor answering, the rest of the floors", loop, now.plusSeconds(i), 1);
            }
            answered = cycle("predictor answering, nothing to change", loop, now.plusSeconds(60), 1);
            assertThat(answered).containsOnlyKeys("none");

            StubMapping reset = predictor.stubFor(post(urlPathEqualTo("/forecasts")).atPriority(1)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            Map<String, Long> down = cycle("predictor down (connection reset)", loop, now.plusSeconds(600), 1);
            assertThat(down).containsOnlyKeys("forecast-missing");
            predictor.removeStub(reset);

            ActuatorLoop fresh = loop(specs, kube, memory);
            StubMapping silent = predictor.stubFor(post(urlPathEqualTo("/forecasts")).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withFixedDelay(30_000).withBody("{}")));
            Map<String, Long> hung = cycle("predictor hung (no answer within 5 s)", fresh, now.plusSeconds(900), 1);
            assertThat(hung).containsOnlyKeys("forecast-missing");
            predictor.removeStub(silent);
            writer.close(Duration.ofSeconds(5));
            if (cluster != null) {
                cluster.close();
            }
        }
        System.out.printf("actuator RSS      %s (VmRSS of the test JVM: actuator, mock API server with %d objects and "
                + "the Events, WireMock)%n", vmRss(), (FROM_CLUSTER ? 3 : 2) * WORKLOADS);
    }

    /**
     * What the mock API server alone sustains: 400 Events written by 8 threads (as many as the actuator's), in a
     * namespace of their own, so a cycle's time can be told apart from the server's.
     */
    private void probeApiServer() throws Exception {
        ScaleTarget direct = new FabricScaleTarget(client, "probe");
        dev.prescient.common.model.TargetRef ref = new dev.prescient.common.model.TargetRef(
                dev.prescient.common.model.TargetKind.Deployment, "probe");
        long started = System.nanoTime();
        ForkJoinPool writers = new ForkJoinPool(8);
        writers.submit(() -> IntStream.range(0, 400).parallel().forEach(i -> direct.record("fleet-probe", ref,
                Optional.empty(), new dev.prescient.actuator.kube.TargetEvent(false, "Probe", "probe " + i))))
                .get(5, TimeUnit.MINUTES);
        writers.shutdown();
        long took = millis(started);
        System.out.printf("mock API server   400 Event writes from 8 threads in %d ms: %.0f writes/s, %.1f ms each%n",
                took, 400_000.0 / took, took * 8 / 400.0);
    }

    /**
     * The actuator as ActuatorBeans wires it, over {@code kube}, with a fresh circuit breaker (as after its delay) and
     * the leader's decision memory.
     */
    private ActuatorLoop loop(List<WorkloadSpec> specs, ScaleTarget kube, DecisionMemory memory) {
        PredictorApi api = RestClientBuilder.newBuilder().baseUri(URI.create(predictor.baseUrl()))
                .connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS).build(PredictorApi.class);
        ActuatorMetrics metrics = new ActuatorMetrics(registry);
        OnceReporter problems = new OnceReporter();
        ForecastFetcher fetcher = new ForecastFetcher(api, 3, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(6), Duration.ofSeconds(30), metrics, 1000, Duration.ofMinutes(1));
        StartupDelays delays = new StartupDelays(kube, new StartupDelayEstimator(3, 50), Duration.ofMinutes(3),
                Duration.ofMinutes(15), metrics, problems);
        WorkloadReconciler reconciler = new WorkloadReconciler(new WorkloadReconciler.Parts(fetcher, kube, policy,
                memory, delays,
                new DemandObserver(Optional.empty(), policy.settings()), new DecisionReporter(kube, metrics, problems),
                metrics, problems, 3, new WorkloadDemotions(PolicyFactory.demotion(config), kube, metrics, problems)),
                HANDBACK_AFTER);
        StatusWriter status = FROM_CLUSTER ? new QueuedStatus(new PredictiveScalerStatusWriter(client,
                new DecisionStatus(memory.retention()), reconciler.facts()), writer) : StatusWriter.NONE;
        return new ActuatorLoop(new WorkloadConfig(specs), reconciler, Leadership.always("bench"),
                Duration.ofSeconds(12), 8, Optional.of(Duration.ofSeconds(10)), System::nanoTime, status, writer);
    }

    /** The workload's PredictiveScaler, whose status the actuator writes. */
    private static PredictiveScaler scaler(WorkloadSpec s) {
        PredictiveScalerSpec spec = new PredictiveScalerSpec();
        spec.setScaleTargetRef(new ScaleTargetRef("apps/v1", "Deployment", s.target().name()));
        spec.setQuery(s.query());
        spec.setCapacityPerPod(s.capacityPerPod());
        spec.setTargetUtilization(s.targetUtilization());
        spec.setMinReplicas(s.minReplicas());
        spec.setMaxReplicas(s.maxReplicas());
        spec.setMode(PredictiveScalerSpec.Mode.HPA_FLOOR);
        PredictiveScaler scaler = new PredictiveScaler();
        scaler.setMetadata(new ObjectMetaBuilder().withNamespace(s.namespace()).withName(s.name()).build());
        scaler.setSpec(spec);
        return scaler;
    }

    /** The predictor answers every workload a forecast peaking at 412 requests/s (5 pods at 100 each). */
    private void answer(List<WorkloadSpec> specs, Instant now) throws Exception {
        List<ForecastBatch.Result> results = specs.stream()
                .map(s -> ForecastBatch.Result.of(Fixtures.flat(s, now, 412, "model"))).toList();
        predictor.stubFor(post(urlPathEqualTo("/forecasts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(json.writeValueAsString(new ForecastBatch.Response(results)))));
    }

    /** Runs one tick, prints its wall time, the outcomes by reason and the predictor's calls; returns the outcomes. */
    private Map<String, Long> cycle(String what, ActuatorLoop loop, Instant at, int expectedCalls) {
        predictor.resetRequests();
        double skippedBefore = skipped();
        Map<String, Double> writtenBefore = asyncCounts();
        int requestsBefore = server.getKubernetesMockServer().getRequestCount();
        long started = System.nanoTime();
        writer.pause(); // held a moment longer than the tick holds it, so that its requests can be counted apart
        Map<String, Optional<Decision>> decided = loop.tick(at);
        long took = millis(started);
        int requests = server.getKubernetesMockServer().getRequestCount() - requestsBefore;
        TimedWrites.Totals api = writes.takeTotals();
        TimedWrites.Totals eventsInCycle = writes.takeEvents();
        writer.resume();
        Map<String, Long> outcomes = new TreeMap<>(decided.values().stream().collect(Collectors.groupingBy(
                d -> d.map(x -> x.holdReason().map(HoldReason::tag).orElse(x.action().tag())).orElse("held-before-deciding"),
                Collectors.counting())));
        int calls = predictor.findAll(postRequestedFor(urlPathEqualTo("/forecasts"))).size();
        System.out.printf("cycle             %-42s %6d ms  decided %d, skipped %d, predictor calls %d, outcomes %s; "
                        + "scale writes %d (%.1f ms each on average, %d ms in all), Events written %d, "
                        + "API requests %d%n",
                what, took, decided.size(), (long) (skipped() - skippedBefore), calls, outcomes, api.count(),
                api.count() == 0 ? 0.0 : api.millis() / (double) api.count(), api.millis(), eventsInCycle.count(),
                requests);
        assertThat(calls).as("calls to the predictor in one cycle").isEqualTo(expectedCalls);
        drain(started, writtenBefore, requestsBefore + requests);
        return outcomes;
    }

    /**
     * Waits for the asynchronous writer to write what the cycle queued (ticks are 5 minutes apart in production) and
     * prints when that ended after the cycle began, what it wrote and skipped, and the mean and longest lag.
     */
    private void drain(long cycleStarted, Map<String, Double> before, int requestsBefore) {
        assertThat(writer.awaitIdle(Duration.ofMinutes(5))).as("async writes drained").isTrue();
        long took = millis(cycleStarted);
        TimedWrites.Totals events = writes.takeEvents();
        Map<String, Double> after = asyncCounts();
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = (long) (v - before.getOrDefault(k, 0.0));
            if (d > 0) {
                delta.put(k, d);
            }
        });
        System.out.printf("  then async      all written %6d ms after the cycle began: %s; Events %d (%.1f ms each); "
                        + "API requests %d%n",
                took, delta, events.count(), events.count() == 0 ? 0.0 : events.millis() / (double) events.count(),
                server.getKubernetesMockServer().getRequestCount() - requestsBefore);
    }

    /** The writer's counters: {@code written/event}, {@code skipped/status/unchanged}, {@code dropped/…}, … */
    private Map<String, Double> asyncCounts() {
        Map<String, Double> counts = new TreeMap<>();
        for (String name : List.of("prescient.writes", "prescient.writes.skipped", "prescient.writes.dropped",
                "prescient.write.failures")) {
            registry.find(name).counters().forEach(c -> counts.merge(
                    name.substring("prescient.".length()).replace('.', '-') + "/" + c.getId().getTag("kind")
                            + (c.getId().getTag("reason") == null ? "" : "/" + c.getId().getTag("reason")),
                    c.count(), Double::sum));
        }
        return counts;
    }

    private double skipped() {
        return registry.find("prescient.workloads.skipped").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static long millis(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static String vmRss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
    }
}

package dev.prescient.actuator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.prescient.actuator.loop.AsyncWriter;
import dev.prescient.common.api.ErrorResponse;
import dev.prescient.common.api.ForecastBatch;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Kubernetes objects and predictor answers the actuator tests build, and what the tests read back (Events, holds).
 * Capacity per pod is 100 rps at 100 %.
 */
public final class Fixtures {

    public static final double CAPACITY = 100;
    public static final Duration STARTUP = Duration.ofMinutes(3);
    /** Longest a test waits for the actuator's asynchronous Events and statuses. */
    public static final Duration WRITES = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final WireMockServer predictor;
    private final ObjectMapper json;
    private final Optional<AsyncWriter> writes;
    private final Optional<MeterRegistry> registry;

    /** For a test that wires its own parts: Events are read as they are. */
    public Fixtures(KubernetesClient client, WireMockServer predictor, ObjectMapper json) {
        this(client, predictor, json, Optional.empty(), Optional.empty());
    }

    /**
     * For a test of the actuator as it is wired (the injected reconciler or loop): Events and statuses are read once
     * its writer has written what it queued, holds from its metrics.
     */
    public Fixtures(KubernetesClient client, WireMockServer predictor, ObjectMapper json, AsyncWriter writes,
                    MeterRegistry registry) {
        this(client, predictor, json, Optional.of(writes), Optional.of(registry));
    }

    private Fixtures(KubernetesClient client, WireMockServer predictor, ObjectMapper json,
                     Optional<AsyncWriter> writes, Optional<MeterRegistry> registry) {
        this.client = client;
        this.predictor = predictor;
        this.json = json;
        this.writes = writes;
        this.registry = registry;
    }

    /** Waits until the actuator's writer has written every Event and status it queued. */
    public void awaitWrites() {
        writes.ifPresent(w -> Await.until("the actuator's queued Events and statuses written", w::idle, WRITES));
    }

    /** {@code prescient_holds_total} of the workload for the reason, 0 before the first. */
    public double holds(WorkloadSpec spec, String reason) {
        Counter counter = registry.orElseThrow(() -> new IllegalStateException("these fixtures have no registry"))
                .find("prescient.holds").tags("workload", spec.key(), "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A workload on Deployment {@code name} in {@code namespace}, replicas in [min, max], start-up delay 3 min. */
    public static WorkloadSpec spec(String namespace, String name, ScalingMode mode, int min, int max) {
        return spec(namespace, name, mode, min, max, Optional.of(STARTUP));
    }

    public static WorkloadSpec spec(String namespace, String name, ScalingMode mode, int min, int max,
                                    Optional<Duration> startupDelay) {
        return new WorkloadSpec(name, namespace, new TargetRef(TargetKind.Deployment, name),
                "sum(rate(requests_total{app=\"" + name + "\"}[1m]))", CAPACITY, 1.0, min, max,
                Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30), startupDelay, mode);
    }

    /** The current minute: decisions in tests happen at whole minutes like the backtest's. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    public Deployment deployment(String namespace, String name, int replicas, Map<String, String> annotations) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build();
        return client.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    /**
     * The usual start of an hpa-floor test: Deployment {@code name} at 3 replicas and HPA {@code <name>-hpa} at
     * minReplicas 2 (max 20) on it.
     *
     * @return the workload on it in {@code mode}, replicas in [1, 20]
     */
    public WorkloadSpec deploymentWithHpa(String namespace, String name, ScalingMode mode) {
        deployment(namespace, name, 3, Map.of());
        hpa(namespace, name, 2, 20);
        return spec(namespace, name, mode, 1, 20);
    }

    public HorizontalPodAutoscaler hpa(String namespace, String target, int min, int max) {
        return hpa(namespace, target, min, max, null);
    }

    /**
     * An HPA {@code <target>-hpa} on Deployment {@code target}.
     *
     * @param scaleDownWindowSeconds {@code spec.behavior.scaleDown.stabilizationWindowSeconds}, null for no behavior
     * @param metrics its {@code spec.metrics}, in order
     */
    public HorizontalPodAutoscaler hpa(String namespace, String target, int min, int max,
                                       Integer scaleDownWindowSeconds, MetricSpec... metrics) {
        HorizontalPodAutoscalerSpecBuilder spec = new HorizontalPodAutoscalerSpecBuilder()
                .withMinReplicas(min).withMaxReplicas(max)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(target)
                .endScaleTargetRef()
                .withMetrics(metrics);
        if (scaleDownWindowSeconds != null) {
            spec.withNewBehavior().withNewScaleDown().withStabilizationWindowSeconds(scaleDownWindowSeconds)
                    .addNewPolicy().withType("Percent").withValue(100).withPeriodSeconds(15).endPolicy()
                    .endScaleDown().endBehavior();
        }
        HorizontalPodAutoscaler h = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(target + "-hpa").withNamespace(namespace).endMetadata()
                .withSpec(spec.build()).build();
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).resource(h).create();
    }

    public HorizontalPodAutoscaler readHpa(String namespace, String target) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(target + "-hpa")
                .get();
    }

    /** A {@code Resource} cpu metric with a {@code Utilization} target of {@code percent}. */
    public static MetricSpec cpuUtilization(int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget()
                .endResource().build();
    }

    /** A {@code ContainerResource} metric of container {@code app} with a {@code Utilization} target. */
    public static MetricSpec containerCpuUtilization(int percent) {
        return new MetricSpecBuilder().withType("ContainerResource").withNewContainerResource().withContainer("app")
                .withName("cpu").withNewTarget().withType("Utilization").withAverageUtilization(percent).endTarget()
                .endContainerResource().build();
    }

    /** A {@code Pods} metric {@code requests_per_second} with an {@code AverageValue} target. */
    public static MetricSpec podsAverageValue(String quantity) {
        return new MetricSpecBuilder().withType("Pods").withNewPods()
                .withNewMetric().withName("requests_per_second").endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(quantity)).endTarget()
                .endPods().build();
    }

    /** An {@code Object} metric {@code requests_per_second} of Ingress {@code main} with an AverageValue target. */
    public static MetricSpec objectAverageValue(String quantity) {
        return new MetricSpecBuilder().withType("Object").withNewObject()
                .withNewDescribedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress").withName("main")
                .endDescribedObject()
                .withNewMetric().withName("requests_per_second").endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(quantity)).endTarget()
                .endObject().build();
    }

    /** An {@code Object} metric {@code requests_per_second} of Ingress {@code main} with a {@code Value} target. */
    public static MetricSpec objectValue(String quantity) {
        return new MetricSpecBuilder().withType("Object").withNewObject()
                .withNewDescribedObject().withApiVersion("networking.k8s.io/v1").withKind("Ingress").withName("main")
                .endDescribedObject()
                .withNewMetric().withName("requests_per_second").endMetric()
                .withNewTarget().withType("Value").withValue(new Quantity(quantity)).endTarget()
                .endObject().build();
    }

    /** An {@code External} metric {@code queue_messages} selected by {@code queue=orders}, AverageValue target. */
    public static MetricSpec externalAverageValue(String quantity) {
        return new MetricSpecBuilder().withType("External").withNewExternal()
                .withNewMetric().withName("queue_messages").withNewSelector().addToMatchLabels("queue", "orders")
                .endSelector().endMetric()
                .withNewTarget().withType("AverageValue").withAverageValue(new Quantity(quantity)).endTarget()
                .endExternal().build();
    }

    public int replicas(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get().getSpec().getReplicas();
    }

    public int hpaFloor(String namespace, String target) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(target + "-hpa")
                .get().getSpec().getMinReplicas();
    }

    /** Events about {@code target}, oldest first, once the actuator's writer has written what it queued. */
    public List<Event> events(String namespace, String target) {
        awaitWrites();
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> target.equals(e.getInvolvedObject().getName()))
                .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .toList();
    }

    /** A model forecast generated at {@code generatedAt} whose p90 is {@code rate} over the whole horizon. */
    public static ForecastResponse flat(WorkloadSpec spec, Instant generatedAt, double rate, String source) {
        double[] p90 = new double[30];
        Arrays.fill(p90, rate);
        double[] p50 = Arrays.stream(p90).map(v -> v * 0.8).toArray();
        Instant start = generatedAt.truncatedTo(ChronoUnit.MINUTES);
        return forecast(spec, generatedAt, new Forecast(start, Duration.ofMinutes(1), p50, p90), source);
    }

    public static ForecastResponse forecast(WorkloadSpec spec, Instant generatedAt, Forecast f, String source) {
        boolean fallback = source.startsWith("fallback:");
        return ForecastResponse.of(spec.key(),
                new ForecastResponse.ModelRef(fallback ? "seasonal-naive" : "v20261127-0412",
                        fallback ? "fallback" : "production", fallback ? "seasonal-naive" : "lstm"),
                source, generatedAt, f.start().minus(f.step()), f,
                new ForecastResponse.Freshness(60, generatedAt, generatedAt));
    }

    /**
     * The response with the live accuracy the predictor would report: the same MASE and p90 coverage over the last
     * 24 h and the last hour, from {@code points} and {@code min(points, 60)} scored minutes.
     */
    public static ForecastResponse withAccuracy(ForecastResponse response, double mase, double p90Coverage,
                                                int points) {
        return response.withAccuracy(new ForecastResponse.Accuracy(
                new ForecastResponse.AccuracyWindow(mase, p90Coverage, points),
                new ForecastResponse.AccuracyWindow(mase, p90Coverage, Math.min(points, 60))));
    }

    /** The predictor answers this forecast for the workload, to {@code GET /forecast} and in {@code POST /forecasts}. */
    public void answer(WorkloadSpec spec, ForecastResponse body) {
        stubGet(spec, aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(write(body)));
        batch(spec, new ForecastBatch.Result(spec.key(), 200, body, null));
    }

    /** The predictor answers an error with a JSON body, to {@code GET /forecast} and in {@code POST /forecasts}. */
    public void fail(WorkloadSpec spec, int status, String error, String detail) {
        stubGet(spec, aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(write(new ErrorResponse(error, detail))));
        batch(spec, ForecastBatch.Result.failed(spec.key(), status, error, detail));
    }

    /** {@code GET /forecast} of the workload answers this (e.g. a fault); {@code POST /forecasts} leaves it out. */
    public void answer(WorkloadSpec spec, ResponseDefinitionBuilder response) {
        stubGet(spec, response);
        batch(spec, null);
    }

    private void stubGet(WorkloadSpec spec, ResponseDefinitionBuilder response) {
        predictor.stubFor(get(urlPathEqualTo("/forecast")).withQueryParam("workload", equalTo(spec.key()))
                .willReturn(response));
    }

    /** Each server's batch answer: every workload stubbed so far, the newest result per workload. */
    private static final Map<WireMockServer, Map<String, ForecastBatch.Result>> BATCHES = new IdentityHashMap<>();

    /** {@code POST /forecasts} answers every workload stubbed so far with its newest result; null leaves it out. */
    private void batch(WorkloadSpec spec, ForecastBatch.Result result) {
        synchronized (BATCHES) {
            Map<String, ForecastBatch.Result> results = BATCHES.computeIfAbsent(predictor, p -> new LinkedHashMap<>());
            if (result == null) {
                results.remove(spec.key());
            } else {
                results.put(spec.key(), result);
            }
            predictor.stubFor(post(urlPathEqualTo("/forecasts")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(write(new ForecastBatch.Response(List.copyOf(results.values()))))));
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

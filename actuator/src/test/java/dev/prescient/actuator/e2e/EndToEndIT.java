package dev.prescient.actuator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.actuator.loop.ForecastFetch;
import dev.prescient.actuator.loop.WorkloadReconciler;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ScaleState;
import dev.prescient.common.policy.ScalingPolicy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on real parts: Prometheus with three days of the Twitter trace, S3Mock, the packaged trainer run
 * as a process (trains and promotes), the packaged predictor as a process serving that model, and this
 * actuator against the Kubernetes mock API server. The Deployment ends at exactly the replicas the shared
 * policy computes from the forecast the predictor served, and an Event explains the change.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = RealStack.class, restrictToAnnotatedClass = true)
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @Inject
    KubernetesClient kube;
    @Inject
    WorkloadReconciler reconciler;
    @Inject
    ScalingPolicy policy;
    @Inject
    WorkloadCatalog workloads;

    @Test
    void trainedModelServedByThePredictorScalesTheDeploymentAsThePolicySays() throws Exception {
        RealStack.Run run = RealStack.run;
        String promoted = promotedVersion(run.trainerOut());

        kube.apps().deployments().inNamespace(RealStack.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(RealStack.NAME).withNamespace(RealStack.NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", RealStack.NAME).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", RealStack.NAME).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("app:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        WorkloadSpec spec = workloads.get(RealStack.WORKLOAD);

        // The predictor answers one forecast per step (1 minute): act early in a minute, so that the forecast
        // read before and after the actuator's tick is the one it used.
        int second = Instant.now().atZone(java.time.ZoneOffset.UTC).getSecond();
        if (second > 30) {
            Thread.sleep((62 - second) * 1000L);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ForecastResponse served = forecast(run.predictor());
        Optional<Decision> acted = reconciler.reconcile(spec, now);
        WorkloadSpec unknown = Fixtures.spec(RealStack.NAMESPACE, "not-configured", ScalingMode.REPLICAS, 1, 5);
        Map<String, ForecastFetch> batch = reconciler.parts().fetcher().fetchAll(List.of(spec, unknown), now);
        assertThat(forecast(run.predictor()).points()).as("the same forecast throughout the tick")
                .isEqualTo(served.points());
        assertThat(served.source()).as(RealStack.predictorLog()).isEqualTo("model");
        assertThat(served.model().version()).isEqualTo(promoted);
        assertThat(served.model().stage()).isEqualTo("production");
        assertThat(batch.get(spec.key()).view()).as("POST /forecasts answers the forecast GET served in the step")
                .hasValueSatisfying(v -> {
                    assertThat(v.generatedAt()).isEqualTo(served.generatedAt());
                    assertThat(v.modelVersion()).isEqualTo(promoted);
                });
        assertThat(batch.get(unknown.key()).problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("predictor answered 404 unknown-workload"));

        // The actuator reads the observed demand from the same Prometheus: the policy sizes from the served forecast
        // and that demand (a sizing whose floor did not pay on the calibration span follows the observed rate alone).
        Observed observed = reconciler.parts().demandObserver().observe(spec, now, spec.startupDelay().orElseThrow());
        assertThat(observed.lastRate()).as("the actuator reads the observed demand").isGreaterThan(0);
        Decision expected = policy.decide(Optional.of(served.toView()), spec,
                spec.startupDelay().orElseThrow(), ScaleState.of(1), List.of(), now, observed);
        assertThat(acted).contains(expected);
        assertThat(expected.desiredReplicas()).as("the trace needs more than one pod: %s", expected.reason())
                .isGreaterThan(1);
        int replicas = kube.apps().deployments().inNamespace(RealStack.NAMESPACE).withName(RealStack.NAME)
                .get().getSpec().getReplicas();
        assertThat(replicas).isEqualTo(expected.desiredReplicas());

        List<Event> events = kube.v1().events().inNamespace(RealStack.NAMESPACE).list().getItems().stream()
                .filter(e -> RealStack.NAME.equals(e.getInvolvedObject().getName())).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("PredictiveScaleUp");
            assertThat(e.getMessage()).contains("scaled 1→" + replicas).contains(promoted);
        });

        pausedTargetHolds(spec);
        everyMetricTheDashboardAndAlertsUseIsExported(run.predictor());
    }

    private void pausedTargetHolds(WorkloadSpec spec) {
        kube.apps().deployments().inNamespace(RealStack.NAMESPACE).withName(RealStack.NAME)
                .edit(d -> new DeploymentBuilder(d).editMetadata()
                        .addToAnnotations("prescient.dev/paused", "true").endMetadata().build());
        Optional<Decision> held = reconciler.reconcile(spec, Instant.now());
        assertThat(held).get().extracting(Decision::action).isEqualTo(Decision.Action.HOLD);
    }

    /**
     * The Grafana dashboard and the Prometheus rules query only {@code prescient_*} metrics that the running
     * predictor process and this actuator actually export on {@code /q/metrics}.
     */
    private static void everyMetricTheDashboardAndAlertsUseIsExported(URI predictor) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Set<String> used = new TreeSet<>();
        used.addAll(metricNames(Files.readString(root.resolve("monitoring/grafana/prescient-dashboard.json"))));
        used.addAll(metricNames(Files.readString(root.resolve("monitoring/prometheus/prescient-rules.yml"))));
        assertThat(used).contains("prescient_forecast_rate", "prescient_desired_replicas", "prescient_holds_total");

        Set<String> exported = new TreeSet<>();
        exported.addAll(exportedNames(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                predictor.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()));
        exported.addAll(exportedNames(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString()));
        assertThat(exported).as("metrics exported by the predictor and the actuator").containsAll(used);
    }

    private static final Pattern METRIC = Pattern.compile("\\b(prescient_[a-z0-9_]+)");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^(prescient_[a-z0-9_]+)[{ ]");

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1).replaceFirst("_(bucket|count|sum|created)$", ""));
        }
        return names;
    }

    /** Names of the samples in a Prometheus exposition, histogram series folded into their base name. */
    private static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            names.add(m.group(1).replaceFirst("_(bucket|count|sum|created)$", ""));
        }
        return names;
    }

    private static String promotedVersion(String trainerOut) throws Exception {
        JsonNode result = null;
        for (String line : trainerOut.split("\n")) {
            if (line.startsWith("{") && line.contains("\"workload\"")) {
                result = JSON.readTree(line);
            }
        }
        assertThat(result).as("a JSON summary line in the trainer's output:%n%s", trainerOut).isNotNull();
        assertThat(result.get("workload").asText()).isEqualTo(RealStack.WORKLOAD);
        assertThat(result.get("promoted").asBoolean()).as(trainerOut).isTrue();
        return result.get("version").asText();
    }

    private static ForecastResponse forecast(URI predictor) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                predictor.resolve("/forecast?workload=" + RealStack.WORKLOAD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body() + "\n" + RealStack.predictorLog()).isEqualTo(200);
        return JSON.readValue(response.body(), ForecastResponse.class);
    }

}

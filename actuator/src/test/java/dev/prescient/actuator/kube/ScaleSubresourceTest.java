package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requests the actuator sends to change replicas, recorded by the fabric8 mock API server in expectation mode
 * (its CRUD mode treats {@code /scale} as the object itself, so it cannot tell a Scale write from an object write):
 * method, path, content type and body, for a Deployment, a StatefulSet and a custom resource with a scale subresource.
 */
class ScaleSubresourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TargetRef ROLLOUT = new TargetRef("argoproj.io/v1alpha1", "Rollout", "api");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private FabricScaleTarget kube;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        kube = new FabricScaleTarget(client, "actuator-a");
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @ParameterizedTest
    @CsvSource({"Deployment, deployments", "StatefulSet, statefulsets"})
    void patchesReplicasThroughTheScaleSubresourceWithTheResourceVersionRead(TargetKind kind, String plural)
            throws Exception {
        String path = "/apis/apps/v1/namespaces/shop/" + plural + "/api/scale";
        server.expect().patch().withPath(path).andReturn(200, scale(7, "42", "app=api")).once();
        TargetState read = new TargetState("shop", new TargetRef(kind, "api"), "uid-1", "41", 3, Map.of(),
                Map.of("app", "api"));

        kube.patchReplicas(read, 7);

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getPath()).isEqualTo(path);
        assertThat(request.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(body(request)).isEqualTo(JSON.readTree(
                "{\"metadata\":{\"resourceVersion\":\"41\"},\"spec\":{\"replicas\":7}}"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void readsAndScalesACustomResourceThroughItsScaleSubresourceFoundByDiscovery() throws Exception {
        String base = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/api";
        server.expect().get().withPath("/apis/argoproj.io/v1alpha1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("argoproj.io/v1alpha1")
                .addToResources(new APIResourceBuilder().withName("rollouts").withKind("Rollout").withNamespaced(true)
                        .withVerbs("get", "list", "patch").build())
                .addToResources(new APIResourceBuilder().withName("rollouts/scale").withKind("Scale")
                        .withGroup("autoscaling").withVersion("v1").withNamespaced(true)
                        .withVerbs("get", "patch", "update").build())
                .build()).once();
        server.expect().get().withPath(base).andReturn(200, new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1").withKind("Rollout")
                .withNewMetadata().withName("api").withNamespace("shop").withUid("uid-r").withResourceVersion("77")
                .addToAnnotations(TargetState.PAUSED_ANNOTATION, "false").endMetadata().build()).times(2);
        server.expect().get().withPath(base + "/scale").andReturn(200, scale(4, "77", "app=api,track==stable"))
                .times(2);
        server.expect().patch().withPath(base + "/scale").andReturn(200, scale(6, "78", "app=api")).once();

        TargetState read = kube.target("shop", ROLLOUT).orElseThrow();
        kube.patchReplicas(read, 6);
        kube.target("shop", ROLLOUT);

        assertThat(read).isEqualTo(new TargetState("shop", ROLLOUT, "uid-r", "77", 4,
                Map.of(TargetState.PAUSED_ANNOTATION, "false"), Map.of("app", "api", "track", "stable")));
        List<RecordedRequest> requests = taken(6);
        assertThat(requests).extracting(r -> r.getMethod() + " " + r.getPath()).containsExactly(
                "GET /apis/argoproj.io/v1alpha1",
                "GET " + base,
                "GET " + base + "/scale",
                "PATCH " + base + "/scale",
                "GET " + base,
                "GET " + base + "/scale");
        RecordedRequest patch = requests.get(3);
        assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
        assertThat(body(patch)).isEqualTo(JSON.readTree(
                "{\"metadata\":{\"resourceVersion\":\"77\"},\"spec\":{\"replicas\":6}}"));
    }

    @Test
    void refusesAKindWithoutAScaleSubresourceNamingIt() {
        server.expect().get().withPath("/apis/example.com/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("example.com/v1")
                .addToResources(new APIResourceBuilder().withName("widgets").withKind("Widget").withNamespaced(true)
                        .withVerbs("get").build())
                .build()).always();

        assertThatThrownBy(() -> kube.target("shop", new TargetRef("example.com/v1", "Widget", "w")))
                .isInstanceOf(TargetNotScalableException.class)
                .hasMessage("cannot scale Widget w (example.com/v1): Widget (widgets.example.com) has no /scale "
                        + "subresource");
        assertThatThrownBy(() -> kube.target("shop", new TargetRef("example.com/v1", "Gadget", "g")))
                .isInstanceOf(TargetNotScalableException.class)
                .hasMessage("cannot scale Gadget g (example.com/v1): example.com/v1 has no kind Gadget");
    }

    @Test
    void reportsAStaleScaleWriteAsAConflict() {
        server.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/api/scale")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified").build()).once();
        TargetState stale = new TargetState("shop", new TargetRef(TargetKind.Deployment, "api"), "uid-1", "40", 3,
                Map.of(), Map.of());

        assertThatThrownBy(() -> kube.patchReplicas(stale, 5)).isInstanceOf(TargetConflictException.class)
                .hasMessageContaining("patch deployments.apps/scale in shop");
    }

    @Test
    void readsOnlyTheEqualityTermsOfAScaleSelector() {
        assertThat(ScaleSelector.matchLabels("app=api, tier==front")).containsExactly(Map.entry("app", "api"),
                Map.entry("tier", "front"));
        assertThat(ScaleSelector.matchLabels("app=api,tier!=front")).isEmpty();
        assertThat(ScaleSelector.matchLabels("app in (a,b)")).isEmpty();
        assertThat(ScaleSelector.matchLabels("app")).isEmpty();
        assertThat(ScaleSelector.matchLabels(null)).isEmpty();
    }

    private static io.fabric8.kubernetes.api.model.autoscaling.v1.Scale scale(int replicas, String resourceVersion,
                                                                            String selector) {
        return new ScaleBuilder().withNewMetadata().withName("api").withNamespace("shop")
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withSelector(selector).endStatus().build();
    }

    private static JsonNode body(RecordedRequest request) throws Exception {
        return JSON.readTree(request.getUtf8Body());
    }

    private List<RecordedRequest> taken(int count) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
            if (r == null) {
                break;
            }
            requests.add(r);
        }
        return requests;
    }
}

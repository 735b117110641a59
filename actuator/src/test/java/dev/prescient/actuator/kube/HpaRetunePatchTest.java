package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON Patch that retunes an HPA, applied (RFC 6902) to the HPA as the API server returned it. */
class HpaRetunePatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HPA = """
            {"metadata": {"name": "api-hpa", "resourceVersion": "42", "annotations": {"team": "shop"}},
             "spec": {"minReplicas": 2, "maxReplicas": 20,
                      "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300,
                                                 "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}},
                      "metrics": [
                        {"type": "Resource", "resource": {"name": "cpu",
                                                          "target": {"type": "Utilization", "averageUtilization": 70}}},
                        {"type": "External", "external": {"metric": {"name": "queue",
                                                                     "selector": {"matchLabels": {"queue": "orders"}}},
                                                          "target": {"type": "AverageValue", "averageValue": "30"}}},
                        {"type": "Object", "object": {"describedObject": {"kind": "Ingress", "name": "main"},
                                                      "metric": {"name": "rps"},
                                                      "target": {"type": "Value", "value": "500"}}}]}}
            """;

    private static final HpaMetricTarget VALUE = new HpaMetricTarget("Object", "rps", "Value", OptionalInt.empty(),
            Optional.of("500"));

    private static JsonNode applied(JsonNode hpa, HpaTuning to, int minReplicas) throws Exception {
        return JsonPatch.apply(JSON.readTree(HpaRetunePatch.body(hpa, to, minReplicas)), hpa);
    }

    @Test
    void setsWindowTargetsAndFloorKeepingEverythingElseAndRecordsTheOriginal() throws Exception {
        JsonNode hpa = JSON.readTree(HPA);
        HpaTuning to = new HpaTuning(OptionalInt.of(120), List.of(HpaMetricTarget.utilization("cpu", 85),
                HpaMetricTarget.averageValue("External", "queue", "75"), VALUE));

        JsonNode after = applied(hpa, to, 5);

        ObjectNode expected = hpa.deepCopy();
        ((ObjectNode) expected.at("/spec")).put("minReplicas", 5);
        ((ObjectNode) expected.at("/spec/behavior/scaleDown")).put("stabilizationWindowSeconds", 120);
        ((ObjectNode) expected.at("/spec/metrics/0/resource/target")).put("averageUtilization", 85);
        ((ObjectNode) expected.at("/spec/metrics/1/external/target")).put("averageValue", "75");
        ObjectNode original = JSON.createObjectNode();
        original.set("behavior", hpa.at("/spec/behavior"));
        original.set("metrics", hpa.at("/spec/metrics"));
        ((ObjectNode) expected.at("/metadata/annotations")).put(HpaState.ORIGINAL_ANNOTATION, original.toString());
        ((ObjectNode) expected.at("/metadata/annotations")).put(HpaState.ORIGINAL_MIN_ANNOTATION,
                hpa.at("/spec/minReplicas").asText());
        assertThat(after).isEqualTo(expected);
        assertThat(expected.at("/metadata/annotations/" + HpaState.ORIGINAL_MIN_ANNOTATION.replace("/", "~1"))
                .asText()).as("the floor the retune replaced").isEqualTo("2");
        assertThat(JSON.readTree(HpaRetunePatch.body(hpa, to, 5)).get(0)).as("guarded by the version read")
                .isEqualTo(JSON.readTree("{\"op\": \"add\", \"path\": \"/metadata/resourceVersion\", \"value\": \"42\"}"));
    }

    @Test
    void neverOverwritesARecordedOriginalAndTouchesOnlyWhatChanges() throws Exception {
        JsonNode hpa = JSON.readTree(HPA);
        ((ObjectNode) hpa.at("/metadata/annotations")).put(HpaState.ORIGINAL_ANNOTATION, "{\"behavior\":null}");
        HpaTuning windowOnly = new HpaTuning(OptionalInt.of(120), List.of(HpaMetricTarget.utilization("cpu", 70),
                HpaMetricTarget.averageValue("External", "queue", "30"), VALUE));

        assertThat(JSON.readTree(HpaRetunePatch.body(hpa, windowOnly, 2))).isEqualTo(JSON.readTree("""
                [{"op": "add", "path": "/metadata/resourceVersion", "value": "42"},
                 {"op": "add", "path": "/spec/behavior/scaleDown/stabilizationWindowSeconds", "value": 120}]
                """));
    }

    @Test
    void createsTheBehaviorAndAnnotationsAnHpaDoesNotHave() throws Exception {
        JsonNode bare = JSON.readTree("""
                {"metadata": {"name": "api-hpa", "resourceVersion": "7"}, "spec": {"minReplicas": 1, "maxReplicas": 9}}
                """);

        JsonNode after = applied(bare, new HpaTuning(OptionalInt.of(60), List.of()), 1);

        assertThat(after.at("/spec/behavior")).isEqualTo(JSON.readTree(
                "{\"scaleDown\": {\"stabilizationWindowSeconds\": 60}}"));
        assertThat(JSON.readTree(after.at("/metadata/annotations/prescient.dev~1original-hpa").asText()))
                .isEqualTo(JSON.readTree("{\"behavior\": null, \"metrics\": null}"));
    }

    @Test
    void addsTheScaleDownRulesToABehaviorThatOnlyHasScaleUp() throws Exception {
        JsonNode upOnly = JSON.readTree("""
                {"metadata": {"name": "api-hpa", "resourceVersion": "7", "annotations": {}},
                 "spec": {"minReplicas": 1, "maxReplicas": 9,
                          "behavior": {"scaleUp": {"stabilizationWindowSeconds": 0}}}}
                """);

        JsonNode after = applied(upOnly, new HpaTuning(OptionalInt.of(60), List.of()), 1);

        assertThat(after.at("/spec/behavior")).isEqualTo(JSON.readTree(
                "{\"scaleUp\": {\"stabilizationWindowSeconds\": 0}, \"scaleDown\": {\"stabilizationWindowSeconds\": 60}}"));
    }

    @Test
    void refusesATuningReadFromAnotherVersionOfTheHpa() throws Exception {
        HpaTuning oneMetric = new HpaTuning(OptionalInt.of(120), List.of(HpaMetricTarget.utilization("cpu", 85)));

        assertThatThrownBy(() -> HpaRetunePatch.body(JSON.readTree(HPA), oneMetric, 2))
                .hasMessageContaining("HPA api-hpa has 3 metrics, the tuning 1");
    }
}

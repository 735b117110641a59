package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON Patch that hands an HPA back, applied (RFC 6902) after the retune's own patch: the HPA comes back exactly
 * as it was before Prescient changed it.
 */
class HpaHandbackPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HPA with a behavior and a CPU target, before Prescient. */
    private static final String WITH_BEHAVIOR = """
            {"metadata": {"name": "api-hpa", "namespace": "shop", "resourceVersion": "42",
                          "annotations": {"team": "shop"}},
             "spec": {"minReplicas": 2, "maxReplicas": 20,
                      "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
                      "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                                   "target": {"type": "Utilization", "averageUtilization": 70}}}]}}
            """;

    /** The same without a behavior: the API server's defaults. */
    private static final String WITHOUT_BEHAVIOR = """
            {"metadata": {"name": "api-hpa", "namespace": "shop", "resourceVersion": "42",
                          "annotations": {"team": "shop"}},
             "spec": {"minReplicas": 2, "maxReplicas": 20,
                      "metrics": [{"type": "Resource", "resource": {"name": "cpu",
                                   "target": {"type": "Utilization", "averageUtilization": 70}}}]}}
            """;

    private static final HpaTuning LEARNT = new HpaTuning(OptionalInt.of(60),
            List.of(HpaMetricTarget.utilization("cpu", 45)));

    /** The HPA after Prescient retuned it and raised its floor to 6, as the API server stores it. */
    private static JsonNode retuned(JsonNode before) throws Exception {
        return JsonPatch.apply(JSON.readTree(HpaRetunePatch.body(before, LEARNT, 6)), before);
    }

    private static JsonNode handedBack(JsonNode hpa) throws Exception {
        return JsonPatch.apply(JSON.readTree(HpaHandbackPatch.body(hpa)), hpa);
    }

    @Test
    void givesBackTheTuningAloneKeepingTheFloorPrescientSets() throws Exception {
        for (String text : List.of(WITH_BEHAVIOR, WITHOUT_BEHAVIOR)) {
            JsonNode before = JSON.readTree(text);
            JsonNode retuned = retuned(before);

            JsonNode held = JsonPatch.apply(JSON.readTree(HpaHandbackPatch.tuningBody(retuned, 5)), retuned);

            assertThat(held.at("/spec/minReplicas").asInt()).as("the floor Prescient sets").isEqualTo(5);
            assertThat(held.at("/metadata/annotations/" + HpaState.ORIGINAL_MIN_ANNOTATION.replace("/", "~1"))
                    .asText()).as("the original floor stays recorded").isEqualTo("2");
            assertThat(held.path("metadata").path("annotations").has(HpaState.ORIGINAL_ANNOTATION))
                    .as("the tuning record goes with the write-back").isFalse();
            assertThat(held.path("spec").path("metrics")).isEqualTo(before.path("spec").path("metrics"));
            assertThat(held.path("spec").path("behavior")).isEqualTo(before.path("spec").path("behavior"));
            assertThat(held.at("/metadata/annotations/team").asText()).isEqualTo("shop");
        }
    }

    @Test
    void aTuningWriteBackOfAnHpaWhoseFloorWasNeverRaisedRecordsItsFloorWhenItRaisesIt() throws Exception {
        JsonNode before = JSON.readTree(WITH_BEHAVIOR);
        JsonNode retunedAtItsOwnFloor = JsonPatch.apply(JSON.readTree(HpaRetunePatch.body(before, LEARNT, 2)), before);
        assertThat(retunedAtItsOwnFloor.path("metadata").path("annotations").has(HpaState.ORIGINAL_MIN_ANNOTATION))
                .isFalse();

        JsonNode held = JsonPatch.apply(JSON.readTree(HpaHandbackPatch.tuningBody(retunedAtItsOwnFloor, 4)),
                retunedAtItsOwnFloor);

        assertThat(held.at("/spec/minReplicas").asInt()).isEqualTo(4);
        assertThat(held.path("metadata").path("annotations").path(HpaState.ORIGINAL_MIN_ANNOTATION).asText())
                .isEqualTo("2");
        assertThat(held.path("spec").path("metrics")).isEqualTo(before.path("spec").path("metrics"));
        assertThat(HpaHandbackPatch.tuningBody(before, 3)).as("nothing recorded, nothing to give back").isEmpty();
    }

    @Test
    void givesBackTheFloorTheBehaviorAndTheMetricsAsTheyWereBeforeTheRetune() throws Exception {
        for (String text : List.of(WITH_BEHAVIOR, WITHOUT_BEHAVIOR)) {
            JsonNode before = JSON.readTree(text);
            JsonNode retuned = retuned(before);
            assertThat(retuned.at("/spec/minReplicas").asInt()).isEqualTo(6);
            assertThat(retuned.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(45);

            assertThat(handedBack(retuned)).as("handed back: %s", text).isEqualTo(before);
        }
    }

    @Test
    void isGuardedByTheVersionReadAndWritesNothingWhereNothingIsRecorded() throws Exception {
        JsonNode retuned = retuned(JSON.readTree(WITH_BEHAVIOR));

        assertThat(JSON.readTree(HpaHandbackPatch.body(retuned)).get(0)).isEqualTo(JSON.readTree(
                "{\"op\": \"add\", \"path\": \"/metadata/resourceVersion\", \"value\": \"42\"}"));
        assertThat(HpaHandbackPatch.body(JSON.readTree(WITH_BEHAVIOR))).as("never changed by Prescient").isEmpty();
    }

    @Test
    void aFloorRaisedWithoutARetuneGivesBackTheFloorOnly() throws Exception {
        JsonNode before = JSON.readTree(WITH_BEHAVIOR);
        JsonNode raised = before.deepCopy();
        ((ObjectNode) raised.at("/spec")).put("minReplicas", 7);
        ((ObjectNode) raised.at("/metadata/annotations")).put(HpaState.ORIGINAL_MIN_ANNOTATION, "2");

        assertThat(handedBack(raised)).isEqualTo(before);
    }

    @Test
    void refusesAnAnnotationItCannotReadNamingTheHpaAndWhatToDo() throws Exception {
        JsonNode hpa = JSON.readTree(WITH_BEHAVIOR);
        ((ObjectNode) hpa.at("/metadata/annotations")).put(HpaState.ORIGINAL_ANNOTATION, "not json");

        assertThatThrownBy(() -> HpaHandbackPatch.body(hpa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot hand back HPA shop/api-hpa: annotation prescient.dev/original-hpa is not the JSON "
                        + "object Prescient wrote; restore spec.behavior and spec.metrics by hand and remove the "
                        + "annotation");
        ((ObjectNode) hpa.at("/metadata/annotations")).remove(HpaState.ORIGINAL_ANNOTATION);
        ((ObjectNode) hpa.at("/metadata/annotations")).put(HpaState.ORIGINAL_MIN_ANNOTATION, "two");
        assertThatThrownBy(() -> HpaHandbackPatch.body(hpa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot hand back HPA shop/api-hpa: annotation prescient.dev/original-min-replicas is "
                        + "'two', not a whole number; set minReplicas by hand and remove the annotation");
    }
}

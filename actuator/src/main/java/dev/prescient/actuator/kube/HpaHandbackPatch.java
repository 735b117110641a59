package dev.prescient.actuator.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON Patch (RFC 6902) that hands an HPA back as it was before Prescient changed it, built from the HPA as read:
 * {@code metadata.resourceVersion} set to the version read (the API server refuses it with 409 when the HPA changed
 * since), {@code spec.minReplicas} from {@link HpaState#ORIGINAL_MIN_ANNOTATION}, {@code spec.behavior} and
 * {@code spec.metrics} from {@link HpaState#ORIGINAL_ANNOTATION} (removed where the original had none), and both
 * annotations removed. Only what an annotation records is written; an HPA that records nothing gets no patch.
 */
final class HpaHandbackPatch {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HpaHandbackPatch() {
    }

    /**
     * @param hpa the HPA as read, as JSON
     * @return the JSON Patch operations, as JSON; empty when the HPA records nothing to hand back
     * @throws IllegalArgumentException naming the HPA and the annotation when a record cannot be read
     */
    static String body(JsonNode hpa) {
        JsonNode metadata = hpa.path("metadata");
        JsonNode annotations = metadata.path("annotations");
        JsonNode spec = hpa.path("spec");
        String name = metadata.path("namespace").asText() + "/" + metadata.path("name").asText();
        ArrayNode ops = JSON.arrayNode();
        if (!annotations.has(HpaState.ORIGINAL_MIN_ANNOTATION) && !annotations.has(HpaState.ORIGINAL_ANNOTATION)) {
            return "";
        }
        op(ops, "add", "/metadata/resourceVersion", JSON.textNode(metadata.path("resourceVersion").asText()));
        if (annotations.has(HpaState.ORIGINAL_MIN_ANNOTATION)) {
            String text = annotations.path(HpaState.ORIGINAL_MIN_ANNOTATION).asText();
            int min;
            try {
                min = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot hand back HPA " + name + ": annotation "
                        + HpaState.ORIGINAL_MIN_ANNOTATION + " is '" + text + "', not a whole number; set minReplicas "
                        + "by hand and remove the annotation", e);
            }
            op(ops, "add", "/spec/minReplicas", JSON.numberNode(min));
            op(ops, "remove", pointer(HpaState.ORIGINAL_MIN_ANNOTATION), null);
        }
        if (annotations.has(HpaState.ORIGINAL_ANNOTATION)) {
            restoreTuning(ops, name, annotations, spec);
        }
        return ops.toString();
    }

    /**
     * The JSON Patch that gives a retuned HPA its own {@code spec.behavior} and {@code spec.metrics} back, from
     * {@link HpaState#ORIGINAL_ANNOTATION} (removed with it), while Prescient keeps its floor: {@code spec.minReplicas}
     * set to {@code minReplicas} (its original recorded in {@link HpaState#ORIGINAL_MIN_ANNOTATION} if this is the
     * first change of it), guarded by the {@code metadata.resourceVersion} read. Empty when no tuning is recorded.
     *
     * @throws IllegalArgumentException naming the HPA and the annotation when the record cannot be read
     */
    static String tuningBody(JsonNode hpa, int minReplicas) {
        JsonNode metadata = hpa.path("metadata");
        JsonNode annotations = metadata.path("annotations");
        JsonNode spec = hpa.path("spec");
        String name = metadata.path("namespace").asText() + "/" + metadata.path("name").asText();
        if (!annotations.has(HpaState.ORIGINAL_ANNOTATION)) {
            return "";
        }
        ArrayNode ops = JSON.arrayNode();
        op(ops, "add", "/metadata/resourceVersion", JSON.textNode(metadata.path("resourceVersion").asText()));
        int current = spec.path("minReplicas").asInt(1);
        if (minReplicas != current) {
            if (!annotations.has(HpaState.ORIGINAL_MIN_ANNOTATION)) {
                op(ops, "add", pointer(HpaState.ORIGINAL_MIN_ANNOTATION), JSON.textNode(String.valueOf(current)));
            }
            op(ops, "add", "/spec/minReplicas", JSON.numberNode(minReplicas));
        }
        restoreTuning(ops, name, annotations, spec);
        return ops.toString();
    }

    /** Adds the operations that restore behavior and metrics from the record and remove it. */
    private static void restoreTuning(ArrayNode ops, String name, JsonNode annotations, JsonNode spec) {
        String text = annotations.path(HpaState.ORIGINAL_ANNOTATION).asText();
        JsonNode original;
        try {
            original = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            original = null;
        }
        if (original == null || !original.isObject()) {
            throw new IllegalArgumentException("cannot hand back HPA " + name + ": annotation "
                    + HpaState.ORIGINAL_ANNOTATION + " is not the JSON object Prescient wrote; restore "
                    + "spec.behavior and spec.metrics by hand and remove the annotation");
        }
        for (String field : new String[] {"behavior", "metrics"}) {
            JsonNode value = original.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (spec.has(field)) {
                    op(ops, "remove", "/spec/" + field, null);
                }
            } else {
                op(ops, "add", "/spec/" + field, value);
            }
        }
        op(ops, "remove", pointer(HpaState.ORIGINAL_ANNOTATION), null);
    }

    /** The JSON Pointer of an annotation: {@code /} in its key escaped as {@code ~1}. */
    private static String pointer(String annotation) {
        return "/metadata/annotations/" + annotation.replace("~", "~0").replace("/", "~1");
    }

    private static void op(ArrayNode ops, String op, String path, JsonNode value) {
        ObjectNode o = ops.addObject();
        o.put("op", op);
        o.put("path", path);
        if (value != null) {
            o.set("value", value);
        }
    }
}

package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * The JSON Patch (RFC 6902) that retunes an HPA to an {@link HpaTuning} and sets its floor in the same write, built
 * from the HPA as read. It sets {@code metadata.resourceVersion} to the version read, so the API server refuses it
 * with 409 when the HPA changed since; then only the fields that change: the floor, the scale-down window (creating
 * {@code spec.behavior.scaleDown} when missing, every other behavior field kept) and each metric's target value by
 * its index. A JSON Patch rather than a merge patch because a merge patch replaces {@code spec.metrics} whole: it
 * would have to resend every metric, and a metric added meanwhile would be lost. When the HPA carries no
 * {@link HpaState#ORIGINAL_ANNOTATION} yet, the patch adds it with the {@code spec.behavior} and {@code spec.metrics}
 * as read, in the same write, so the first change is never made without the record of what it replaced; likewise
 * {@link HpaState#ORIGINAL_MIN_ANNOTATION} with the {@code spec.minReplicas} read, the first time the floor changes.
 */
final class HpaRetunePatch {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HpaRetunePatch() {
    }

    /**
     * @param hpa the HPA as read, as JSON
     * @param to the tuning to set: the same metrics in the same order as {@code hpa}'s
     * @param minReplicas the floor to set with it
     * @return the JSON Patch operations, as JSON
     */
    static String body(JsonNode hpa, HpaTuning to, int minReplicas) {
        JsonNode metadata = hpa.path("metadata");
        JsonNode spec = hpa.path("spec");
        ArrayNode ops = JSON.arrayNode();
        add(ops, "/metadata/resourceVersion", JSON.textNode(metadata.path("resourceVersion").asText()));
        boolean floorChanges = !spec.path("minReplicas").isInt() || spec.path("minReplicas").intValue() != minReplicas;
        ObjectNode records = JSON.objectNode();
        if (!metadata.path("annotations").has(HpaState.ORIGINAL_ANNOTATION)) {
            ObjectNode original = JSON.objectNode();
            original.set("behavior", spec.has("behavior") ? spec.get("behavior") : NullNode.instance);
            original.set("metrics", spec.has("metrics") ? spec.get("metrics") : NullNode.instance);
            records.put(HpaState.ORIGINAL_ANNOTATION, original.toString());
        }
        if (floorChanges && !metadata.path("annotations").has(HpaState.ORIGINAL_MIN_ANNOTATION)) {
            records.put(HpaState.ORIGINAL_MIN_ANNOTATION, String.valueOf(spec.path("minReplicas").asInt(1)));
        }
        annotate(ops, metadata, records);
        if (floorChanges) {
            add(ops, "/spec/minReplicas", JSON.numberNode(minReplicas));
        }
        window(ops, spec, to);
        targets(ops, spec.path("metrics"), to, metadata.path("name").asText());
        return ops.toString();
    }

    private static void window(ArrayNode ops, JsonNode spec, HpaTuning to) {
        JsonNode current = spec.path("behavior").path("scaleDown").path("stabilizationWindowSeconds");
        if (to.scaleDownWindowSeconds().isEmpty()
                || (current.isInt() && current.intValue() == to.scaleDownWindowSeconds().getAsInt())) {
            return;
        }
        JsonNode window = JSON.numberNode(to.scaleDownWindowSeconds().getAsInt());
        if (!spec.path("behavior").isObject()) {
            ObjectNode behavior = JSON.objectNode();
            behavior.putObject("scaleDown").set("stabilizationWindowSeconds", window);
            add(ops, "/spec/behavior", behavior);
        } else {
            addMember(ops, spec.get("behavior"), "/spec/behavior", "scaleDown", "stabilizationWindowSeconds", window);
        }
    }

    private static void targets(ArrayNode ops, JsonNode metrics, HpaTuning to, String name) {
        int size = metrics.isArray() ? metrics.size() : 0;
        if (size != to.metrics().size()) {
            throw new IllegalStateException("HPA " + name + " has " + size + " metrics, the tuning "
                    + to.metrics().size() + ": it was not read at this resourceVersion");
        }
        for (int i = 0; i < size; i++) {
            HpaMetricTarget m = to.metrics().get(i);
            JsonNode entry = metrics.get(i);
            if (!m.type().equals(entry.path("type").asText())) {
                throw new IllegalStateException("HPA " + name + " metric " + i + " is " + entry.path("type").asText()
                        + ", the tuning's " + m.type() + ": it was not read at this resourceVersion");
            }
            String field = sourceField(m.type());
            JsonNode target = entry.path(field).path("target");
            String path = "/spec/metrics/" + i + "/" + field + "/target/";
            if (!target.isObject()) {
                continue;
            }
            if (HpaMetricTarget.UTILIZATION.equals(m.targetType()) && m.averageUtilization().isPresent()
                    && target.path("averageUtilization").asInt(-1) != m.averageUtilization().getAsInt()) {
                add(ops, path + "averageUtilization", JSON.numberNode(m.averageUtilization().getAsInt()));
            } else if (HpaMetricTarget.AVERAGE_VALUE.equals(m.targetType()) && m.averageValue().isPresent()
                    && !m.averageValue().get().equals(target.path("averageValue").asText(null))) {
                add(ops, path + "averageValue", JSON.textNode(m.averageValue().get()));
            }
        }
    }

    /** Adds each of {@code records} to {@code metadata.annotations}, creating it (with all of them) when missing. */
    private static void annotate(ArrayNode ops, JsonNode metadata, ObjectNode records) {
        if (records.isEmpty()) {
            return;
        }
        if (!metadata.path("annotations").isObject()) {
            add(ops, "/metadata/annotations", records);
            return;
        }
        records.fields().forEachRemaining(e -> add(ops, "/metadata/annotations/" + escape(e.getKey()), e.getValue()));
    }

    /** Sets {@code parent/object/member}, creating {@code object} when {@code parent} has none. */
    private static void addMember(ArrayNode ops, JsonNode parent, String parentPath, String object, String member,
                                  JsonNode value) {
        if (parent.path(object).isObject()) {
            add(ops, parentPath + "/" + object + "/" + escape(member), value);
        } else {
            ObjectNode created = JSON.objectNode();
            created.set(member, value);
            add(ops, parentPath + "/" + object, created);
        }
    }

    /** {@code add} sets a member whether it exists or not (RFC 6902 §4.1). */
    private static void add(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "add").put("path", path).set("value", value);
    }

    /** A JSON Pointer token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** {@code Resource} → {@code resource}, {@code ContainerResource} → {@code containerResource}, … */
    static String sourceField(String type) {
        return type.isEmpty() ? type : type.substring(0, 1).toLowerCase(Locale.ROOT) + type.substring(1);
    }
}

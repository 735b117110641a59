package dev.prescient.actuator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The actuator's writes on PredictiveScaler objects themselves (the status of decided workloads is
 * {@link PredictiveScalerStatusWriter}'s): a finalizer added or removed, the status of an object the catalogue left
 * out. Each is one JSON Patch that sets the whole field and carries the resourceVersion read, so a concurrent change
 * gives 409 ({@link TargetConflictException}) instead of being overwritten (a JSON Patch rather than a merge patch: a
 * list written whole reads the same to every server), and each is fenced: made only after this instance
 * confirmed, right before it, that it still leads ({@link LeadershipLostException} otherwise). A 403 is a
 * {@link TargetForbiddenException} naming the verb and the resource.
 */
public final class ScalerWrites {

    /** The resource as RBAC names it. */
    public static final String RESOURCE = "predictivescalers.prescient.dev";
    private static final ResourceDefinitionContext SCALERS = ResourceDefinitionContext.fromResourceType(
            PredictiveScaler.class);

    private final KubernetesClient client;
    private final Patches patches;
    private final Leadership leadership;

    public ScalerWrites(KubernetesClient client, Leadership leadership) {
        this.client = client;
        this.patches = new Patches(client);
        this.leadership = leadership;
    }

    /** Adds {@code finalizer} to the object's {@code metadata.finalizers} (keeping the others). */
    public void addFinalizer(PredictiveScaler scaler, String finalizer) {
        List<String> finalizers = new ArrayList<>(finalizers(scaler));
        if (!finalizers.contains(finalizer)) {
            finalizers.add(finalizer);
            patchFinalizers(scaler, finalizers, "add finalizer " + finalizer + " to");
        }
    }

    /** Removes {@code finalizer} from the object's {@code metadata.finalizers}; the last one gone, it is deleted. */
    public void removeFinalizer(PredictiveScaler scaler, String finalizer) {
        List<String> finalizers = new ArrayList<>(finalizers(scaler));
        if (finalizers.remove(finalizer)) {
            patchFinalizers(scaler, finalizers, "remove finalizer " + finalizer + " from");
        }
    }

    /** Writes {@code status} whole to the object's {@code status} subresource. */
    public void writeStatus(PredictiveScaler scaler, PredictiveScalerStatus status) {
        patch(scaler, "status", RESOURCE + "/status", "write the status of", "/status",
                withoutNulls(client.getKubernetesSerialization().convertValue(status, ObjectNode.class)));
    }

    /** The schema declares no field nullable: an unset field is left out, not sent as null. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().isNull());
            object.forEach(ScalerWrites::withoutNulls);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ScalerWrites::withoutNulls);
        }
        return node;
    }

    /** A copy of the object's status to change (the watched object is shared and never changed); null when none. */
    public PredictiveScalerStatus copyOfStatus(PredictiveScaler scaler) {
        return scaler.getStatus() == null ? null : client.getKubernetesSerialization().clone(scaler.getStatus());
    }

    public static List<String> finalizers(PredictiveScaler scaler) {
        List<String> finalizers = scaler.getMetadata().getFinalizers();
        return finalizers == null ? List.of() : finalizers;
    }

    private void patchFinalizers(PredictiveScaler scaler, List<String> finalizers, String what) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        finalizers.forEach(list::add);
        patch(scaler, null, RESOURCE, what, "/metadata/finalizers", list);
    }

    /**
     * {@code [{"op":"replace","path":"/metadata/resourceVersion","value":<read>},{"op":"add","path":<path>,"value":…}]}:
     * the API server takes the resourceVersion as a precondition (409 when stale); {@code add} sets the field whole.
     */
    private void patch(PredictiveScaler scaler, String subresource, String resource, String what, String path,
                       JsonNode value) {
        String ns = scaler.getMetadata().getNamespace();
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        body.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
                .put("value", scaler.getMetadata().getResourceVersion());
        body.addObject().put("op", "add").put("path", path).set("value", value);
        if (!leadership.confirm()) {
            throw new LeadershipLostException(leadership.identity(), what + " PredictiveScaler " + scaler.key());
        }
        FabricScaleTarget.call("patch", resource, ns, () -> {
            patches.patch(Patches.path(SCALERS, ns, scaler.getMetadata().getName(), subresource), Patches.JSON_PATCH,
                    body.toString());
            return null;
        });
    }
}

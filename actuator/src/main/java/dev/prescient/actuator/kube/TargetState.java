package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetKind;

import java.util.Map;

/**
 * A Deployment or StatefulSet as the actuator reads it.
 *
 * @param namespace its namespace
 * @param kind Deployment or StatefulSet
 * @param name its name
 * @param uid its uid, for Events
 * @param resourceVersion the version read; a patch made from this state fails with a conflict if it changed
 * @param replicas {@code spec.replicas} (1 when unset, as the API server defaults it)
 * @param annotations its annotations
 * @param selector {@code spec.selector.matchLabels}, to find its Pods
 */
public record TargetState(String namespace, TargetKind kind, String name, String uid, String resourceVersion,
                          int replicas, Map<String, String> annotations, Map<String, String> selector) {

    /** Annotation that stops Prescient from changing the target while it is {@code "true"}. */
    public static final String PAUSED_ANNOTATION = "prescient.dev/paused";

    public TargetState {
        annotations = Map.copyOf(annotations);
        selector = Map.copyOf(selector);
    }

    public boolean paused() {
        return "true".equalsIgnoreCase(annotations.getOrDefault(PAUSED_ANNOTATION, "").strip());
    }

    /** {@code deployments.apps} or {@code statefulsets.apps}, as RBAC names it. */
    public static String resource(TargetKind kind) {
        return kind == TargetKind.Deployment ? "deployments.apps" : "statefulsets.apps";
    }
}

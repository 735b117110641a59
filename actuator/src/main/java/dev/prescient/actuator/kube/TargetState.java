package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetRef;

import java.util.Map;

/**
 * A workload's target (a Deployment, a StatefulSet, or any resource with a {@code /scale} subresource) as the actuator
 * reads it.
 *
 * @param namespace its namespace
 * @param ref its apiVersion, kind and name
 * @param uid its uid, for Events
 * @param resourceVersion the version read; a write made from this state fails with a conflict if it changed
 * @param replicas {@code spec.replicas} (1 when unset, as the API server defaults it)
 * @param annotations its annotations
 * @param selector the labels its Pods carry ({@code spec.selector.matchLabels}, or the equality terms of its
 *     Scale's {@code status.selector}), to find its Pods; empty when unknown
 */
public record TargetState(String namespace, TargetRef ref, String uid, String resourceVersion,
                          int replicas, Map<String, String> annotations, Map<String, String> selector) {

    /** Annotation that stops Prescient from changing the target while it is {@code "true"}. */
    public static final String PAUSED_ANNOTATION = "prescient.dev/paused";

    public TargetState {
        annotations = Map.copyOf(annotations);
        selector = Map.copyOf(selector);
    }

    public String kind() {
        return ref.kind();
    }

    public String name() {
        return ref.name();
    }

    public boolean paused() {
        return "true".equalsIgnoreCase(annotations.getOrDefault(PAUSED_ANNOTATION, "").strip());
    }
}

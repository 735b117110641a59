package dev.prescient.actuator.kube;

/**
 * The HorizontalPodAutoscaler that targets a workload.
 *
 * @param name its name
 * @param resourceVersion the version read
 * @param minReplicas {@code spec.minReplicas} (1 when unset, as the API server defaults it)
 * @param maxReplicas {@code spec.maxReplicas}
 */
public record HpaState(String name, String resourceVersion, int minReplicas, int maxReplicas) {

    public static final String RESOURCE = "horizontalpodautoscalers.autoscaling";
}

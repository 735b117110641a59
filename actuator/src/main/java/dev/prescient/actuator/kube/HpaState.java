package dev.prescient.actuator.kube;

import java.util.Objects;

/**
 * The HorizontalPodAutoscaler that targets a workload.
 *
 * @param name its name
 * @param resourceVersion the version read
 * @param minReplicas {@code spec.minReplicas} (1 when unset, as the API server defaults it)
 * @param maxReplicas {@code spec.maxReplicas}
 * @param tuning its scale-down window and metric targets
 * @param originalRecorded whether annotation {@link #ORIGINAL_ANNOTATION} already records what it was before
 *     Prescient first retuned it
 */
public record HpaState(String name, String resourceVersion, int minReplicas, int maxReplicas, HpaTuning tuning,
                       boolean originalRecorded) {

    public static final String RESOURCE = "horizontalpodautoscalers.autoscaling";
    /**
     * JSON {@code {"behavior": …, "metrics": …}}: the HPA's {@code spec.behavior} and {@code spec.metrics} before the
     * first retune (null when unset), written once, never overwritten, so they can be restored.
     */
    public static final String ORIGINAL_ANNOTATION = "prescient.dev/original-hpa";

    public HpaState {
        Objects.requireNonNull(tuning, "tuning");
    }

    /** An HPA with no behavior, no metrics and nothing recorded. */
    public HpaState(String name, String resourceVersion, int minReplicas, int maxReplicas) {
        this(name, resourceVersion, minReplicas, maxReplicas, HpaTuning.unset(), false);
    }
}

package dev.prescient.actuator.kube;

import java.util.Objects;
import java.util.OptionalInt;

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
 * @param originalMinReplicas its {@code spec.minReplicas} before Prescient first changed it, from annotation
 *     {@link #ORIGINAL_MIN_ANNOTATION}; empty when Prescient has not changed it (or handed it back)
 */
public record HpaState(String name, String resourceVersion, int minReplicas, int maxReplicas, HpaTuning tuning,
                       boolean originalRecorded, OptionalInt originalMinReplicas) {

    public static final String RESOURCE = "horizontalpodautoscalers.autoscaling";
    /**
     * JSON {@code {"behavior": …, "metrics": …}}: the HPA's {@code spec.behavior} and {@code spec.metrics} before the
     * first retune (null when unset), written once, never overwritten, so they can be restored.
     */
    public static final String ORIGINAL_ANNOTATION = "prescient.dev/original-hpa";
    /**
     * The HPA's {@code spec.minReplicas} before Prescient first changed it, written in the same patch as that change;
     * removed when Prescient writes it back (on a hold, or when the workload leaves hpa-floor mode).
     */
    public static final String ORIGINAL_MIN_ANNOTATION = "prescient.dev/original-min-replicas";

    public HpaState {
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(originalMinReplicas, "originalMinReplicas");
    }

    /** An HPA with no behavior, no metrics and nothing recorded. */
    public HpaState(String name, String resourceVersion, int minReplicas, int maxReplicas) {
        this(name, resourceVersion, minReplicas, maxReplicas, HpaTuning.unset(), false, OptionalInt.empty());
    }

    /** Whether Prescient has changed the floor and not handed it back yet. */
    public boolean floorRaised() {
        return originalMinReplicas.isPresent();
    }
}

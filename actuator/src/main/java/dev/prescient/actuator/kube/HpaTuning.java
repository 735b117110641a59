package dev.prescient.actuator.kube;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the learnt reactive setting sets on an HPA (hpa-floor mode): its scale-down stabilisation window and the
 * targets of its metrics.
 *
 * @param scaleDownWindowSeconds {@code spec.behavior.scaleDown.stabilizationWindowSeconds}, empty when unset (the
 *     Kubernetes default of 300 s applies)
 * @param metrics {@code spec.metrics} in order
 */
public record HpaTuning(OptionalInt scaleDownWindowSeconds, List<HpaMetricTarget> metrics) {

    /** Kubernetes' scale-down stabilisation window when the HPA sets none. */
    public static final int DEFAULT_SCALE_DOWN_WINDOW_SECONDS = 300;
    /** The longest window the API server accepts. */
    public static final int MAX_WINDOW_SECONDS = 3600;

    public HpaTuning {
        Objects.requireNonNull(scaleDownWindowSeconds, "scaleDownWindowSeconds");
        metrics = List.copyOf(metrics);
    }

    /** An HPA with no behavior and no metrics (the API server then scales on 80 % CPU). */
    public static HpaTuning unset() {
        return new HpaTuning(OptionalInt.empty(), List.of());
    }

    /** The window in effect: the one set, else Kubernetes' default. */
    public int effectiveScaleDownWindowSeconds() {
        return scaleDownWindowSeconds.orElse(DEFAULT_SCALE_DOWN_WINDOW_SECONDS);
    }
}

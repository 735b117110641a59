package dev.prescient.common.model;

import java.util.Arrays;
import java.util.Optional;

/** How the actuator applies a decision. */
public enum ScalingMode {
    /** Patch {@code spec.replicas} of the target. */
    REPLICAS("replicas"),
    /** Patch {@code spec.minReplicas} of the target's HPA; the HPA may go above it. */
    HPA_FLOOR("hpa-floor"),
    /** Compute and report, change nothing. */
    DRY_RUN("dry-run");

    private final String configName;

    ScalingMode(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files. */
    public String configName() {
        return configName;
    }

    public static Optional<ScalingMode> fromConfigName(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}

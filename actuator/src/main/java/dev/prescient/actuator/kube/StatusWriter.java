package dev.prescient.actuator.kube;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;

import java.time.Instant;
import java.util.Optional;

/**
 * Records each decision where users look for it: the status of the workload's PredictiveScaler. Best effort: the
 * decision is already applied and reported in an Event. A writer that talks to the API server may throw its
 * {@code KubernetesClientException}; the actuator wraps it in {@link dev.prescient.actuator.loop.QueuedStatus}, which
 * writes off the decision path, never throws, and counts and logs a failed write.
 */
public interface StatusWriter {

    /** For workloads that have no PredictiveScaler (a workloads.yaml file). */
    StatusWriter NONE = (spec, decision, at) -> {
    };

    /**
     * @param decision what the tick decided; empty when it held before deciding (no target, no forecast call)
     */
    void decided(WorkloadSpec spec, Optional<Decision> decision, Instant at);
}

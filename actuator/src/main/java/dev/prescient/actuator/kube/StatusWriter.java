package dev.prescient.actuator.kube;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;

import java.time.Instant;
import java.util.Optional;

/**
 * Records each decision where users look for it: the status of the workload's PredictiveScaler. Best effort: the
 * decision is already applied and reported in an Event, so a failed write is logged, never thrown.
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

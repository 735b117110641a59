package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ScaleState;

import java.util.Optional;
import java.util.OptionalInt;

/** A workload's target and its HPA as read at one moment. */
public record Targets(TargetState target, Optional<HpaState> hpa) {

    /** What the policy sees: replicas, the HPA floor in hpa-floor mode, the pause annotation; not demoted. */
    public ScaleState state(WorkloadSpec spec) {
        return state(spec, false);
    }

    /** As {@link #state(WorkloadSpec)}, with whether the workload's forecasts are demoted. */
    public ScaleState state(WorkloadSpec spec, boolean demoted) {
        OptionalInt floor = spec.mode() == ScalingMode.HPA_FLOOR && hpa.isPresent()
                ? OptionalInt.of(hpa.get().minReplicas()) : OptionalInt.empty();
        return new ScaleState(target.replicas(), floor, target.paused(), demoted);
    }
}

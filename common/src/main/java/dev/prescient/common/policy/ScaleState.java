package dev.prescient.common.policy;

import java.util.OptionalInt;

/**
 * What the cluster looks like when the policy decides.
 *
 * @param currentReplicas replicas the target asks for now ({@code spec.replicas})
 * @param currentFloor in hpa-floor mode, the HPA's current {@code minReplicas}; else empty
 * @param paused whether the target carries the pause annotation
 * @param demoted whether the forecasts of this workload are currently demoted for poor accuracy
 */
public record ScaleState(int currentReplicas, OptionalInt currentFloor, boolean paused, boolean demoted) {

    public static ScaleState of(int currentReplicas) {
        return new ScaleState(currentReplicas, OptionalInt.empty(), false, false);
    }
}

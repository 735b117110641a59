package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;

/**
 * Applies a decision in the workload's mode: {@code replicas} patches {@code spec.replicas}, {@code hpa-floor}
 * patches the HPA's {@code minReplicas} (never above its {@code maxReplicas}), {@code dry-run} changes nothing.
 */
public class DecisionApplier {

    private final ScaleTarget kube;

    public DecisionApplier(ScaleTarget kube) {
        this.kube = kube;
    }

    /** @throws dev.prescient.actuator.kube.TargetConflictException when the object changed since it was read */
    public Applied apply(WorkloadSpec spec, Decision decision, Targets targets) {
        int replicas = targets.target().replicas();
        return switch (spec.mode()) {
            case DRY_RUN -> new Applied(false, replicas, decision.desiredReplicas(), "");
            case REPLICAS -> {
                int to = decision.desiredReplicas();
                if (to != replicas) {
                    kube.patchReplicas(targets.target(), to);
                }
                yield new Applied(to != replicas, replicas, to, "");
            }
            case HPA_FLOOR -> floor(spec, decision, targets.hpa().orElseThrow());
        };
    }

    private Applied floor(WorkloadSpec spec, Decision decision, HpaState hpa) {
        int to = Math.min(decision.desiredReplicas(), hpa.maxReplicas());
        String note = to < decision.desiredReplicas()
                ? "floor capped at the HPA's maxReplicas " + hpa.maxReplicas() : "";
        if (to != hpa.minReplicas()) {
            kube.patchHpaFloor(spec.namespace(), hpa, to);
        }
        return new Applied(to != hpa.minReplicas(), hpa.minReplicas(), to, note);
    }
}

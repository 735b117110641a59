package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.Sizing;

import java.util.Optional;

/**
 * Applies a decision in the workload's mode: {@code replicas} patches {@code spec.replicas}, {@code hpa-floor}
 * patches the HPA's {@code minReplicas} (never above its {@code maxReplicas}) and, when the forecast came with a
 * learnt sizing, retunes the HPA to its reactive setting in the same patch ({@link HpaRetune}; only when something
 * differs, never while the target is paused); {@code dry-run} changes nothing.
 */
public class DecisionApplier {

    private final ScaleTarget kube;

    public DecisionApplier(ScaleTarget kube) {
        this.kube = kube;
    }

    /**
     * @param sizing the sizing the forecast came with, empty when none
     * @throws dev.prescient.actuator.kube.TargetConflictException when the object changed since it was read
     */
    public Applied apply(WorkloadSpec spec, Decision decision, Targets targets, Optional<Sizing> sizing) {
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
            case HPA_FLOOR -> floor(spec, decision, targets.hpa().orElseThrow(), sizing);
        };
    }

    private Applied floor(WorkloadSpec spec, Decision decision, HpaState hpa, Optional<Sizing> sizing) {
        boolean paused = decision.holdReason().filter(h -> h == HoldReason.PAUSED).isPresent();
        Optional<HpaRetune> retune = paused ? Optional.empty()
                : sizing.map(s -> HpaRetune.plan(hpa.tuning(), s.reactive(), spec.capacityPerPod()));
        int to = Math.min(decision.desiredReplicas(), hpa.maxReplicas());
        String note = to < decision.desiredReplicas()
                ? "floor capped at the HPA's maxReplicas " + hpa.maxReplicas() : "";
        if (retune.filter(HpaRetune::changesSomething).isPresent()) {
            kube.retuneHpa(spec.namespace(), hpa, retune.get().to(), to);
        } else if (to != hpa.minReplicas()) {
            kube.patchHpaFloor(spec.namespace(), hpa, to);
        }
        return new Applied(to != hpa.minReplicas(), hpa.minReplicas(), to, note, retune);
    }
}

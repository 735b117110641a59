package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a decision in the workload's mode: {@code replicas} patches {@code spec.replicas}, {@code hpa-floor}
 * patches the HPA's {@code minReplicas} (never above its {@code maxReplicas}) and, when the forecast came with a
 * learnt sizing, retunes the HPA to its reactive setting in the same patch ({@link HpaRetune}; only when something
 * differs, never while the target is paused), and on a hold hands the HPA its original floor back ({@link #handBack}).
 * On a hold of a sizing with a floor ({@link ScalingPolicy#learntReactive}) the HPA also gets its own scale-down
 * window and metric targets back in the same patch as the floor: the learnt ones were chosen under a floor the hold no
 * longer sizes. {@code dry-run} changes nothing.
 */
public class DecisionApplier {

    private final ScaleTarget kube;
    private final Duration handbackAfter;
    private final Map<String, Instant> holdingSince = new ConcurrentHashMap<>();

    /** @param handbackAfter how long a hold lasts before it hands a raised floor back without observed demand */
    public DecisionApplier(ScaleTarget kube, Duration handbackAfter) {
        this.kube = kube;
        this.handbackAfter = handbackAfter;
    }

    /**
     * @param sizing the sizing the forecast came with, empty when none
     * @param demandObserved whether the policy had an observed demand to size a hold from
     * @param now when the decision was taken
     * @throws dev.prescient.actuator.kube.TargetConflictException when the object changed since it was read
     */
    public Applied apply(WorkloadSpec spec, Decision decision, Targets targets, Optional<Sizing> sizing,
                         boolean demandObserved, Instant now) {
        if (decision.isHold()) {
            holdingSince.putIfAbsent(spec.key(), now);
        } else {
            holdingSince.remove(spec.key());
        }
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
            case HPA_FLOOR -> floor(spec, decision, targets.hpa().orElseThrow(), sizing,
                    demandObserved || !heldFor(spec, now, handbackAfter));
        };
    }

    private boolean heldFor(WorkloadSpec spec, Instant now, Duration atLeast) {
        Instant since = holdingSince.get(spec.key());
        return since != null && !since.plus(atLeast).isAfter(now);
    }

    /** @param demandObserved whether the hold decays by observed demand (or waits for the hand-back delay) */
    private Applied floor(WorkloadSpec spec, Decision decision, HpaState hpa, Optional<Sizing> sizing,
                          boolean demandObserved) {
        Optional<HoldReason> hold = decision.holdReason();
        boolean paused = hold.filter(h -> h == HoldReason.PAUSED).isPresent();
        boolean handsBack = hold.isPresent() && !paused && spec.fallbackReplicas().isEmpty();
        Optional<Sizing.Reactive> learnt = ScalingPolicy.learntReactive(decision, sizing);
        // the learnt setting was chosen under a floor this hold no longer sizes: the HPA scales as it was configured
        boolean ownTuning = !paused && learnt.isEmpty() && hpa.originalRecorded();
        if (handsBack && hpa.floorRaised()
                && (!demandObserved || decision.desiredReplicas() <= hpa.originalMinReplicas().getAsInt())) {
            return handBack(spec, hpa, ownTuning);
        }
        if (handsBack && !hpa.floorRaised() && decision.desiredReplicas() < hpa.minReplicas()) {
            if (ownTuning) {
                kube.restoreHpaTuning(spec.namespace(), hpa, hpa.minReplicas());
            }
            return new Applied(false, hpa.minReplicas(), hpa.minReplicas(), "the HPA's own floor "
                    + hpa.minReplicas() + " is kept: a hold takes no floor below it" + (ownTuning ? "; " + OWN_TUNING : ""));
        }
        Optional<HpaRetune> retune = paused ? Optional.empty()
                : learnt.map(r -> HpaRetune.plan(hpa.tuning(), r, spec.capacityPerPod()));
        int to = Math.min(decision.desiredReplicas(), hpa.maxReplicas());
        String note = to < decision.desiredReplicas()
                ? "floor capped at the HPA's maxReplicas " + hpa.maxReplicas() : "";
        if (retune.filter(HpaRetune::changesSomething).isPresent()) {
            kube.retuneHpa(spec.namespace(), hpa, retune.get().to(), to);
        } else if (ownTuning) {
            kube.restoreHpaTuning(spec.namespace(), hpa, to);
            note = (note.isEmpty() ? "" : note + "; ") + OWN_TUNING;
        } else if (to != hpa.minReplicas()) {
            kube.patchHpaFloor(spec.namespace(), hpa, to);
        }
        return new Applied(to != hpa.minReplicas(), hpa.minReplicas(), to, note, retune);
    }

    /** What a hold that gives the HPA its own tuning back says. */
    static final String OWN_TUNING = "the HPA's own scale-down window and metric targets are restored (from annotation "
            + HpaState.ORIGINAL_ANNOTATION + "): the learnt ones were chosen under a floor the hold does not size";

    /**
     * A hold (not paused, no {@code fallbackReplicas}) on a floor Prescient changed hands it back to the HPA when
     * there is no observed demand to decay it by and the hold has lasted {@code handbackAfter}, or once the decay
     * reaches the HPA's own floor: the original
     * {@code minReplicas} Prescient recorded is written back and its record removed (the HPA then scales alone, down
     * no faster than its own behavior allows). Never below the original.
     */
    private Applied handBack(WorkloadSpec spec, HpaState hpa, boolean ownTuning) {
        int original = hpa.originalMinReplicas().getAsInt();
        if (ownTuning) {
            kube.handBackHpa(spec.namespace(), hpa);
        } else {
            kube.restoreHpaFloor(spec.namespace(), hpa);
        }
        return new Applied(original != hpa.minReplicas(), hpa.minReplicas(), original, "instead the HPA's original "
                + "minReplicas " + original + " is restored (" + hpa.minReplicas() + "→" + original + ", from annotation "
                + HpaState.ORIGINAL_MIN_ANNOTATION + "): during a hold the HPA scales alone"
                + (ownTuning ? "; " + OWN_TUNING : ""));
    }
}

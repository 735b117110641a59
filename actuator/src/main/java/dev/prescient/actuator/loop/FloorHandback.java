package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * A workload no longer in hpa-floor mode (its mode changed to {@code replicas} or {@code dry-run}) hands back every
 * HPA Prescient changed on its target ({@link ScaleTarget#handBackHpa}): the {@code minReplicas} recorded in
 * {@link HpaState#ORIGINAL_MIN_ANNOTATION} and the behavior and metrics recorded in
 * {@link HpaState#ORIGINAL_ANNOTATION} are written back and the annotations removed, with a Normal Event
 * {@code PredictiveHpaFloorRestored}. A conflict is left to the next tick.
 */
final class FloorHandback {

    private static final Logger LOG = Logger.getLogger(FloorHandback.class);

    private final ScaleTarget kube;

    FloorHandback(ScaleTarget kube) {
        this.kube = kube;
    }

    void handBack(WorkloadSpec spec, List<HpaState> hpas, Optional<String> uid) {
        for (HpaState hpa : hpas) {
            if (!hpa.floorRaised() && !hpa.originalRecorded()) {
                continue;
            }
            try {
                kube.handBackHpa(spec.namespace(), hpa);
            } catch (TargetConflictException e) {
                LOG.infof("workload=%s HPA %s changed while it was handed back; again next tick", spec.key(),
                        hpa.name());
                continue;
            } catch (IllegalArgumentException e) {
                LOG.warnf("workload=%s %s", spec.key(), e.getMessage());
                continue;
            }
            String message = DeletionFinalizer.handedBack(hpa) + ": " + spec.key() + " is in "
                    + spec.mode().configName() + " mode, no longer hpa-floor";
            LOG.infof("workload=%s %s", spec.key(), message);
            try {
                kube.record(spec.namespace(), spec.target(), uid, new TargetEvent(false, "PredictiveHpaFloorRestored",
                        message));
            } catch (KubernetesClientException e) {
                LOG.warnf("workload=%s cannot write Event PredictiveHpaFloorRestored: %s", spec.key(), e.getMessage());
            }
        }
    }
}

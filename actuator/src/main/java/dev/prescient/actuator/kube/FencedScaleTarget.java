package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetRef;

import java.util.Optional;

/**
 * A {@link ScaleTarget} that asks {@link Leadership#confirm()} right before every write (a patch of a target or an
 * HPA, an Event) and refuses it with {@link LeadershipLostException} when this instance no longer leads. Reads pass
 * through. A write that still races a takeover after the check is caught by the patches' resourceVersion guard when
 * the new leader has changed the same object.
 */
public final class FencedScaleTarget extends ForwardingScaleTarget {

    private final Leadership leadership;

    public FencedScaleTarget(ScaleTarget inner, Leadership leadership) {
        super(inner);
        this.leadership = leadership;
    }

    @Override
    public void patchReplicas(TargetState target, int replicas) {
        fence("patch " + target.kind() + " " + target.namespace() + "/" + target.name());
        inner.patchReplicas(target, replicas);
    }

    @Override
    public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
        fence("patch HorizontalPodAutoscaler " + namespace + "/" + hpa.name());
        inner.patchHpaFloor(namespace, hpa, minReplicas);
    }

    @Override
    public void restoreHpaFloor(String namespace, HpaState hpa) {
        fence("restore the floor of HorizontalPodAutoscaler " + namespace + "/" + hpa.name());
        inner.restoreHpaFloor(namespace, hpa);
    }

    @Override
    public void handBackHpa(String namespace, HpaState hpa) {
        fence("hand back HorizontalPodAutoscaler " + namespace + "/" + hpa.name());
        inner.handBackHpa(namespace, hpa);
    }

    @Override
    public void restoreHpaTuning(String namespace, HpaState hpa, int minReplicas) {
        fence("restore the tuning of HorizontalPodAutoscaler " + namespace + "/" + hpa.name());
        inner.restoreHpaTuning(namespace, hpa, minReplicas);
    }

    @Override
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        fence("retune HorizontalPodAutoscaler " + namespace + "/" + hpa.name());
        inner.retuneHpa(namespace, hpa, tuning, minReplicas);
    }

    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        fence("write Event " + event.reason() + " on " + ref.kind() + " " + namespace + "/" + ref.name());
        inner.record(namespace, ref, uid, event);
    }

    @Override
    public ScaleTarget direct() {
        ScaleTarget direct = inner.direct();
        return direct == inner ? this : new FencedScaleTarget(direct, leadership);
    }

    private void fence(String write) {
        if (!leadership.confirm()) {
            throw new LeadershipLostException(leadership.identity(), write);
        }
    }
}

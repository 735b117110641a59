package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ScaleTarget} that hands every call to another: decorators ({@code QueuedEvents}) and tests override the calls
 * they change, watch or disturb.
 */
public abstract class ForwardingScaleTarget implements ScaleTarget {

    protected final ScaleTarget inner;

    protected ForwardingScaleTarget(ScaleTarget inner) {
        this.inner = inner;
    }

    @Override
    public Optional<TargetState> target(String namespace, TargetRef ref) {
        return inner.target(namespace, ref);
    }

    @Override
    public List<HpaState> hpasFor(String namespace, TargetRef ref) {
        return inner.hpasFor(namespace, ref);
    }

    @Override
    public void patchReplicas(TargetState target, int replicas) {
        inner.patchReplicas(target, replicas);
    }

    @Override
    public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
        inner.patchHpaFloor(namespace, hpa, minReplicas);
    }

    @Override
    public void restoreHpaFloor(String namespace, HpaState hpa) {
        inner.restoreHpaFloor(namespace, hpa);
    }

    @Override
    public void handBackHpa(String namespace, HpaState hpa) {
        inner.handBackHpa(namespace, hpa);
    }

    @Override
    public void restoreHpaTuning(String namespace, HpaState hpa, int minReplicas) {
        inner.restoreHpaTuning(namespace, hpa, minReplicas);
    }

    @Override
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        inner.retuneHpa(namespace, hpa, tuning, minReplicas);
    }

    @Override
    public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
        return inner.podStartups(namespace, selector);
    }

    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        inner.record(namespace, ref, uid, event);
    }
}

package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.HpaTuning;
import dev.prescient.actuator.kube.PodStartup;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.TargetRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ScaleTarget} whose Events are queued on the {@link AsyncWriter} and written later through {@code inner};
 * reads and patches (the decision itself) go straight to {@code inner}, on the caller's thread.
 */
public final class QueuedEvents implements ScaleTarget {

    private final ScaleTarget inner;
    private final AsyncWriter writer;

    /** @param inner reads, patches and (from the writer's threads) Events; fenced where writes must be */
    public QueuedEvents(ScaleTarget inner, AsyncWriter writer) {
        this.inner = inner;
        this.writer = writer;
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
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        inner.retuneHpa(namespace, hpa, tuning, minReplicas);
    }

    @Override
    public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
        return inner.podStartups(namespace, selector);
    }

    /** Queued: written later by the writer, which logs and counts a failure (the caller sees none). */
    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        writer.event(inner, namespace, ref, uid, event);
    }

    @Override
    public ScaleTarget direct() {
        ScaleTarget direct = inner.direct();
        return direct == inner ? this : new QueuedEvents(direct, writer);
    }
}

package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetRef;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes objects a workload's decisions touch, behind one small interface so the loop can be tested and
 * reasoned about without the client. Every method may throw {@link TargetForbiddenException} (403); patches also
 * {@link TargetConflictException} (409) when the object changed since the given resourceVersion.
 */
public interface ScaleTarget {

    /** The Deployment or StatefulSet, empty when it does not exist. */
    Optional<TargetState> target(String namespace, TargetRef ref);

    /** The HorizontalPodAutoscaler whose scaleTargetRef names this target, empty when there is none. */
    Optional<HpaState> hpaFor(String namespace, TargetRef ref);

    /** JSON merge patch of {@code spec.replicas}, guarded by {@code resourceVersion}. */
    void patchReplicas(TargetState target, int replicas);

    /** JSON merge patch of the HPA's {@code spec.minReplicas}, guarded by its {@code resourceVersion}. */
    void patchHpaFloor(String namespace, HpaState hpa, int minReplicas);

    /**
     * One patch of the HPA's scale-down stabilisation window and metric targets to {@code tuning} (the
     * same metrics, in the same order, as {@code hpa} read them) and of its {@code spec.minReplicas}, guarded by its
     * {@code resourceVersion}. The first such change also records the HPA's original {@code spec.behavior} and
     * {@code spec.metrics} in annotation {@link HpaState#ORIGINAL_ANNOTATION}, which is never overwritten.
     */
    void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas);

    /** Every scheduled Pod matching the selector, Ready or not, with its scheduling and Ready times. */
    List<PodStartup> podStartups(String namespace, Map<String, String> selector);

    /** Writes an Event on the target (the target need not exist). */
    void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event);

    /**
     * This access with reads that go to the API server, not to a cache (after a 409 Conflict the cache may not
     * have seen the change yet). Default: this one, which reads directly.
     */
    default ScaleTarget direct() {
        return this;
    }
}

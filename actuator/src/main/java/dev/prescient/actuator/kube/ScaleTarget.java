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

    /**
     * The target (its replicas and selector through its {@code /scale} subresource for kinds other than Deployment
     * and StatefulSet), empty when it does not exist.
     *
     * @throws TargetNotScalableException when its kind is not served, or has no {@code /scale}
     */
    Optional<TargetState> target(String namespace, TargetRef ref);

    /**
     * Every HorizontalPodAutoscaler whose {@code scaleTargetRef} names this target (kind, name and the API group of
     * its apiVersion), by name; empty when there is none.
     */
    List<HpaState> hpasFor(String namespace, TargetRef ref);

    /** The first of {@link #hpasFor}, empty when there is none. */
    default Optional<HpaState> hpaFor(String namespace, TargetRef ref) {
        return hpasFor(namespace, ref).stream().findFirst();
    }

    /**
     * JSON merge patch of {@code spec.replicas} on the target's {@code /scale} subresource, guarded by
     * {@code resourceVersion}.
     */
    void patchReplicas(TargetState target, int replicas);

    /**
     * JSON merge patch of the HPA's {@code spec.minReplicas}, guarded by its {@code resourceVersion}; the first change
     * also records the floor it replaces in annotation {@link HpaState#ORIGINAL_MIN_ANNOTATION}.
     */
    void patchHpaFloor(String namespace, HpaState hpa, int minReplicas);

    /**
     * JSON merge patch that writes back the HPA's {@link HpaState#originalMinReplicas()} and removes the annotation
     * that recorded it, guarded by its {@code resourceVersion}. Nothing when it records none.
     */
    void restoreHpaFloor(String namespace, HpaState hpa);

    /**
     * Hands the HPA back whole when Prescient stops managing it (its PredictiveScaler deleted, its mode no longer
     * hpa-floor): its {@link HpaState#originalMinReplicas()} and, when {@link HpaState#originalRecorded()}, the
     * {@code spec.behavior} and {@code spec.metrics} recorded in {@link HpaState#ORIGINAL_ANNOTATION} before the first
     * retune, both annotations removed, in one patch guarded by its {@code resourceVersion}. Nothing when it records
     * neither. By default only the floor (a target that cannot retune an HPA never recorded the rest).
     */
    default void handBackHpa(String namespace, HpaState hpa) {
        restoreHpaFloor(namespace, hpa);
    }

    /**
     * Gives a retuned HPA its own {@code spec.behavior} and {@code spec.metrics} back from
     * {@link HpaState#ORIGINAL_ANNOTATION} (removed with it) while keeping a floor: {@code spec.minReplicas} set to
     * {@code minReplicas} in the same patch, guarded by its {@code resourceVersion}. For a hold, when the learnt
     * reactive setting no longer applies and the HPA must scale as it was configured. By default only the floor (a
     * target that cannot retune an HPA never recorded the rest).
     */
    default void restoreHpaTuning(String namespace, HpaState hpa, int minReplicas) {
        if (minReplicas != hpa.minReplicas()) {
            patchHpaFloor(namespace, hpa, minReplicas);
        }
    }

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

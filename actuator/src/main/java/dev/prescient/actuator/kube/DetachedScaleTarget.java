package dev.prescient.actuator.kube;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "cluster" of an actuator started without Kubernetes ({@code prescient.actuator.kubernetes.enabled=false}),
 * e.g. in the docker-compose stack: every target exists, runs at its {@code minReplicas}, has no HPA and no Pods,
 * and Events go to the log. Only dry-run workloads are allowed, so nothing is ever patched.
 */
public final class DetachedScaleTarget implements ScaleTarget {

    private static final Logger LOG = Logger.getLogger(DetachedScaleTarget.class);

    private final WorkloadCatalog workloads;

    /**
     * @throws IllegalArgumentException naming the first workload that is not in dry-run mode
     */
    public DetachedScaleTarget(WorkloadCatalog workloads) {
        for (WorkloadSpec spec : workloads.all()) {
            if (spec.mode() != ScalingMode.DRY_RUN) {
                throw new IllegalArgumentException("workload " + spec.key() + " has mode " + spec.mode().configName()
                        + " but prescient.actuator.kubernetes.enabled=false: without a cluster only mode dry-run "
                        + "is possible; set its mode to dry-run or enable Kubernetes");
            }
        }
        this.workloads = workloads;
    }

    @Override
    public Optional<TargetState> target(String namespace, TargetRef ref) {
        return workloads.all().stream()
                .filter(w -> w.namespace().equals(namespace) && w.target().equals(ref))
                .findFirst()
                .map(w -> new TargetState(namespace, ref, "detached", "0", w.minReplicas(),
                        Map.of(), Map.of()));
    }

    @Override
    public List<HpaState> hpasFor(String namespace, TargetRef ref) {
        return List.of();
    }

    @Override
    public void patchReplicas(TargetState target, int replicas) {
        throw new IllegalStateException("no cluster: refusing to patch " + target.namespace() + "/" + target.name());
    }

    @Override
    public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
        throw new IllegalStateException("no cluster: refusing to patch HPA " + namespace + "/" + hpa.name());
    }

    @Override
    public void restoreHpaFloor(String namespace, HpaState hpa) {
        throw new IllegalStateException("no cluster: refusing to restore HPA " + namespace + "/" + hpa.name());
    }

    @Override
    public void handBackHpa(String namespace, HpaState hpa) {
        throw new IllegalStateException("no cluster: refusing to hand back HPA " + namespace + "/" + hpa.name());
    }

    @Override
    public void restoreHpaTuning(String namespace, HpaState hpa, int minReplicas) {
        throw new IllegalStateException("no cluster: refusing to restore HPA " + namespace + "/" + hpa.name());
    }

    @Override
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        throw new IllegalStateException("no cluster: refusing to retune HPA " + namespace + "/" + hpa.name());
    }

    @Override
    public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
        return List.of();
    }

    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        LOG.infof("event %s %s on %s/%s: %s", event.type(), event.reason(), namespace, ref.name(), event.message());
    }
}

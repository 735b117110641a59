package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One tick of the actuator: on the leader only, every configured workload in turn. */
public class ActuatorLoop {

    private static final Logger LOG = Logger.getLogger(ActuatorLoop.class);

    private final WorkloadConfig workloads;
    private final WorkloadReconciler reconciler;
    private final Leadership leadership;
    private volatile Instant lastTick;

    public ActuatorLoop(WorkloadConfig workloads, WorkloadReconciler reconciler, Leadership leadership) {
        this.workloads = workloads;
        this.reconciler = reconciler;
        this.leadership = leadership;
    }

    /**
     * @return each workload's decision (empty for a workload held before deciding); nothing when not the leader
     */
    public Map<String, Optional<Decision>> tick(Instant now) {
        Map<String, Optional<Decision>> decisions = new LinkedHashMap<>();
        if (!leadership.isLeader()) {
            LOG.debugf("%s is not the leader; leaving %d workloads to it", leadership.identity(),
                    workloads.workloads().size());
            return decisions;
        }
        for (WorkloadSpec spec : workloads.workloads()) {
            try {
                decisions.put(spec.key(), reconciler.reconcile(spec, now));
            } catch (RuntimeException e) {
                LOG.errorf(e, "workload=%s tick failed unexpectedly; it is retried next interval", spec.key());
                decisions.put(spec.key(), Optional.empty());
            }
        }
        lastTick = now;
        return decisions;
    }

    /** When the last tick as leader ended, empty before the first. */
    public Optional<Instant> lastTick() {
        return Optional.ofNullable(lastTick);
    }

    public Leadership leadership() {
        return leadership;
    }
}

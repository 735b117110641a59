package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One tick of the actuator: on the leader only, every configured workload in turn, within a deadline.
 * <ul>
 *   <li>Before each workload the tick checks that this instance still leads and that the deadline has not passed;
 *       every write is checked again right before it (see {@code kube.FencedScaleTarget}).</li>
 *   <li>Leadership lost: the rest of the tick is abandoned; those workloads are counted as skipped
 *       ({@code leader-lost}).</li>
 *   <li>Deadline passed: the workloads not reached are skipped ({@code deadline}) and come first in the next tick,
 *       so none is starved.</li>
 * </ul>
 */
public class ActuatorLoop {

    private static final Logger LOG = Logger.getLogger(ActuatorLoop.class);
    static final String DEADLINE = "deadline";
    static final String LEADER_LOST = "leader-lost";

    private final WorkloadConfig workloads;
    private final WorkloadReconciler reconciler;
    private final Leadership leadership;
    private final Duration deadline;
    private final LongSupplier nanoTime;
    private final long createdNanos;
    private int firstIndex;
    private volatile Instant lastTick;
    private volatile long lastTickEndNanos;
    private volatile boolean ticked;

    /**
     * @param deadline a tick starts no workload after this (below the lease duration)
     * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}) for the deadline and the health check
     */
    public ActuatorLoop(WorkloadConfig workloads, WorkloadReconciler reconciler, Leadership leadership,
                        Duration deadline, LongSupplier nanoTime) {
        this.workloads = workloads;
        this.reconciler = reconciler;
        this.leadership = leadership;
        this.deadline = deadline;
        this.nanoTime = nanoTime;
        this.createdNanos = nanoTime.getAsLong();
    }

    /**
     * @return each decided workload's decision (empty for a workload held before deciding); skipped workloads are
     *         absent; nothing when not the leader
     */
    public synchronized Map<String, Optional<Decision>> tick(Instant now) {
        long started = nanoTime.getAsLong();
        Map<String, Optional<Decision>> decisions = new LinkedHashMap<>();
        if (!leadership.isLeader()) {
            LOG.debugf("%s is not the leader; leaving %d workloads to it", leadership.identity(),
                    workloads.workloads().size());
            ended(nanoTime.getAsLong());
            return decisions;
        }
        List<WorkloadSpec> order = order();
        for (int i = 0; i < order.size(); i++) {
            Optional<String> stop = stopReason(started);
            if (stop.isPresent()) {
                skip(order, i, stop.get());
                break;
            }
            WorkloadSpec spec = order.get(i);
            try {
                decisions.put(spec.key(), reconciler.reconcile(spec, now));
            } catch (LeadershipLostException e) {
                LOG.warnf("workload=%s %s", spec.key(), e.getMessage());
                skip(order, i, LEADER_LOST);
                break;
            } catch (RuntimeException e) {
                LOG.errorf(e, "workload=%s tick failed unexpectedly; it is retried next interval", spec.key());
                decisions.put(spec.key(), Optional.empty());
            }
        }
        long ended = nanoTime.getAsLong();
        reconciler.parts().metrics().tickDuration(Duration.ofNanos(ended - started));
        lastTick = now;
        ended(ended);
        return decisions;
    }

    /** The workloads in file order, starting with the first one the previous tick did not reach. */
    private List<WorkloadSpec> order() {
        List<WorkloadSpec> all = workloads.workloads();
        if (all.isEmpty()) {
            return all;
        }
        int first = firstIndex % all.size();
        List<WorkloadSpec> order = new ArrayList<>(all.subList(first, all.size()));
        order.addAll(all.subList(0, first));
        firstIndex = 0;
        return order;
    }

    private Optional<String> stopReason(long started) {
        if (!leadership.isLeader()) {
            return Optional.of(LEADER_LOST);
        }
        if (nanoTime.getAsLong() - started >= deadline.toNanos()) {
            return Optional.of(DEADLINE);
        }
        return Optional.empty();
    }

    private void skip(List<WorkloadSpec> order, int from, String reason) {
        List<WorkloadSpec> skipped = order.subList(from, order.size());
        skipped.forEach(spec -> reconciler.parts().metrics().skipped(spec.key(), reason));
        List<String> keys = skipped.stream().map(WorkloadSpec::key).toList();
        if (reason.equals(DEADLINE)) {
            firstIndex = workloads.workloads().indexOf(skipped.get(0));
            LOG.warnf("tick deadline %ds passed: %d workloads skipped until the next tick, which starts with them: %s",
                    deadline.toSeconds(), keys.size(), String.join(", ", keys));
        } else {
            LOG.warnf("%s lost leadership mid-tick: %d workloads left to the new leader: %s", leadership.identity(),
                    keys.size(), String.join(", ", keys));
        }
    }

    private void ended(long nanos) {
        lastTickEndNanos = nanos;
        ticked = true;
    }

    /** When the last tick as leader ended, by the decision clock; empty before the first. */
    public Optional<Instant> lastTick() {
        return Optional.ofNullable(lastTick);
    }

    /**
     * Monotonic time since which the loop is known alive: the end of its last tick (as leader or not), else its
     * creation.
     */
    public long aliveSinceNanos() {
        return ticked ? lastTickEndNanos : createdNanos;
    }

    public Leadership leadership() {
        return leadership;
    }
}

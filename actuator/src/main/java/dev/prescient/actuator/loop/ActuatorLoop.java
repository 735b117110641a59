package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.common.config.WorkloadCatalog;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One tick of the actuator: on the leader only, every workload of the catalogue as it is at the tick (a watched
 * catalogue adds, changes and removes workloads between ticks), within a deadline.
 * <ol>
 *   <li>every workload's forecast in one call to the predictor ({@link ForecastFetcher#fetchAll}); with an older
 *       predictor without that call, each workload asks for its own as it starts;</li>
 *   <li>the workloads reconciled in file order on a bounded pool ({@code concurrency} at once), each within its own
 *       deadline ({@link WorkloadRunner}): a slow workload holds up only its own thread, and the tick waits for it
 *       no longer than {@code workload-deadline}.</li>
 * </ol>
 * <ul>
 *   <li>Before each workload the tick checks that this instance still leads and that the deadline has not passed;
 *       every write is checked again right before it (see {@code kube.FencedScaleTarget}).</li>
 *   <li>Leadership lost: no further workload starts; those are counted as skipped ({@code leader-lost}).</li>
 *   <li>Deadline passed: the workloads not reached are skipped ({@code deadline}) and come first in the next tick,
 *       so none is starved.</li>
 *   <li>A workload past its own deadline is left to finish in the background ({@code workload-deadline}); while it
 *       still runs, later ticks skip it ({@code still-running}).</li>
 *   <li>Events and statuses are queued, not written, while the tick runs ({@link WriteGate}, {@link AsyncWriter}):
 *       a tick's time is its decisions and its scale writes.</li>
 * </ul>
 */
public class ActuatorLoop {

    private static final Logger LOG = Logger.getLogger(ActuatorLoop.class);
    static final String DEADLINE = "deadline";
    static final String LEADER_LOST = "leader-lost";
    static final String WORKLOAD_DEADLINE = "workload-deadline";
    static final String STILL_RUNNING = "still-running";

    private final WorkloadCatalog workloads;
    private final WorkloadReconciler reconciler;
    private final Leadership leadership;
    private final Duration deadline;
    private final LongSupplier nanoTime;
    private final long createdNanos;
    private final WorkloadRunner runner;
    private final StatusWriter status;
    private final WriteGate deferred;
    private int firstIndex;
    private volatile Instant lastTick;
    private volatile long lastTickEndNanos;
    private volatile boolean ticked;

    /**
     * One workload at a time, each for as long as it takes (the tick deadline still applies between workloads).
     *
     * @param deadline a tick starts no workload after this (below the lease duration)
     * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}) for the deadline and the health check
     */
    public ActuatorLoop(WorkloadCatalog workloads, WorkloadReconciler reconciler, Leadership leadership,
                        Duration deadline, LongSupplier nanoTime) {
        this(workloads, reconciler, leadership, deadline, 1, Optional.empty(), nanoTime);
    }

    /**
     * @param deadline a tick starts no workload after this (below the lease duration)
     * @param concurrency most workloads reconciled at once
     * @param workloadDeadline how long the tick waits for one workload once started; empty: as long as it takes
     * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}) for the deadlines and the health check
     */
    public ActuatorLoop(WorkloadCatalog workloads, WorkloadReconciler reconciler, Leadership leadership,
                        Duration deadline, int concurrency, Optional<Duration> workloadDeadline,
                        LongSupplier nanoTime) {
        this(workloads, reconciler, leadership, deadline, concurrency, workloadDeadline, nanoTime, StatusWriter.NONE);
    }

    /**
     * @param status where each workload's decision is recorded after it is applied (its PredictiveScaler's status)
     */
    public ActuatorLoop(WorkloadCatalog workloads, WorkloadReconciler reconciler, Leadership leadership,
                        Duration deadline, int concurrency, Optional<Duration> workloadDeadline,
                        LongSupplier nanoTime, StatusWriter status) {
        this(workloads, reconciler, leadership, deadline, concurrency, workloadDeadline, nanoTime, status,
                WriteGate.NONE);
    }

    /**
     * @param deferred the writes held back while a tick runs (the asynchronous Events and statuses), so its scale
     *        writes go first
     */
    public ActuatorLoop(WorkloadCatalog workloads, WorkloadReconciler reconciler, Leadership leadership,
                        Duration deadline, int concurrency, Optional<Duration> workloadDeadline,
                        LongSupplier nanoTime, StatusWriter status, WriteGate deferred) {
        this.status = status;
        this.deferred = deferred;
        this.workloads = workloads;
        this.reconciler = reconciler;
        this.leadership = leadership;
        this.deadline = deadline;
        this.nanoTime = nanoTime;
        this.createdNanos = nanoTime.getAsLong();
        this.runner = new WorkloadRunner(concurrency, workloadDeadline, nanoTime);
    }

    /**
     * @return each decided workload's decision (empty for a workload held before deciding), in file order; skipped
     *         workloads are absent; nothing when not the leader
     */
    public synchronized Map<String, Optional<Decision>> tick(Instant now) {
        long started = nanoTime.getAsLong();
        if (!leadership.isLeader()) {
            LOG.debugf("%s is not the leader; leaving %d workloads to it", leadership.identity(),
                    workloads.all().size());
            ended(nanoTime.getAsLong());
            return new LinkedHashMap<>();
        }
        List<WorkloadSpec> order = new ArrayList<>();
        for (WorkloadSpec spec : order()) {
            if (runner.isRunning(spec.key())) {
                skipped(List.of(spec), STILL_RUNNING);
            } else {
                order.add(spec);
            }
        }
        AtomicBoolean lost = new AtomicBoolean();
        Map<String, WorkloadRunner.Outcome> outcomes;
        deferred.pause();
        try {
            Map<String, ForecastFetch> forecasts = order.isEmpty() ? Map.of()
                    : reconciler.parts().fetcher().fetchAll(order, now);
            outcomes = runner.run(order, () -> stopReason(started, lost),
                    spec -> recorded(spec, forecasts.containsKey(spec.key())
                            ? reconciler.reconcile(spec, forecasts.get(spec.key()), now)
                            : reconciler.reconcile(spec, now), now),
                    started + deadline.toNanos());
        } finally {
            deferred.resume();
        }
        Map<String, Optional<Decision>> decisions = record(order, outcomes, lost);
        long ended = nanoTime.getAsLong();
        reconciler.parts().metrics().tickDuration(Duration.ofNanos(ended - started));
        lastTick = now;
        ended(ended);
        return decisions;
    }

    /** One workload's decision, handed to its status writer on the workload's own thread (queued in production). */
    private Optional<Decision> recorded(WorkloadSpec spec, Optional<Decision> decision, Instant now) {
        status.decided(spec, decision, now);
        return decision;
    }

    /** The decisions in order; skips counted and logged by reason, the first workload not reached remembered. */
    private Map<String, Optional<Decision>> record(List<WorkloadSpec> order, Map<String, WorkloadRunner.Outcome> outcomes,
                                                   AtomicBoolean lost) {
        Map<String, Optional<Decision>> decisions = new LinkedHashMap<>();
        Map<String, List<WorkloadSpec>> skipped = new LinkedHashMap<>();
        for (WorkloadSpec spec : order) {
            WorkloadRunner.Outcome outcome = outcomes.get(spec.key());
            String skip = null;
            if (outcome instanceof WorkloadRunner.Outcome.Done done) {
                decisions.put(spec.key(), done.decision());
            } else if (outcome instanceof WorkloadRunner.Outcome.Skipped notStarted) {
                skip = notStarted.reason();
            } else if (outcome instanceof WorkloadRunner.Outcome.LeaderLost l) {
                LOG.warnf("workload=%s %s", spec.key(), l.cause().getMessage());
                skip = LEADER_LOST;
            } else if (outcome instanceof WorkloadRunner.Outcome.Failed f) {
                LOG.errorf(f.cause(), "workload=%s tick failed unexpectedly; it is retried next interval", spec.key());
                decisions.put(spec.key(), Optional.empty());
            } else if (outcome instanceof WorkloadRunner.Outcome.Late late) {
                LOG.warnf("workload=%s still running %d ms after it started (workload deadline): the tick goes on "
                        + "without it; it finishes in the background, its writes still fenced", spec.key(),
                        late.after().toMillis());
                skip = WORKLOAD_DEADLINE;
            } else {
                skip = lost.get() ? LEADER_LOST : DEADLINE;
            }
            if (skip != null) {
                skipped.computeIfAbsent(skip, r -> new ArrayList<>()).add(spec);
            }
        }
        skipped.forEach((reason, specs) -> skipped(specs, reason));
        return decisions;
    }

    /** The workloads in file order, starting with the first one the previous tick did not reach. */
    private List<WorkloadSpec> order() {
        List<WorkloadSpec> all = workloads.all();
        if (all.isEmpty()) {
            return all;
        }
        int first = firstIndex % all.size();
        List<WorkloadSpec> order = new ArrayList<>(all.subList(first, all.size()));
        order.addAll(all.subList(0, first));
        firstIndex = 0;
        return order;
    }

    private Optional<String> stopReason(long started, AtomicBoolean lost) {
        if (lost.get() || !leadership.isLeader()) {
            lost.set(true);
            return Optional.of(LEADER_LOST);
        }
        if (nanoTime.getAsLong() - started >= deadline.toNanos()) {
            return Optional.of(DEADLINE);
        }
        return Optional.empty();
    }

    private void skipped(List<WorkloadSpec> skipped, String reason) {
        skipped.forEach(spec -> reconciler.parts().metrics().skipped(spec.key(), reason));
        List<String> keys = skipped.stream().map(WorkloadSpec::key).toList();
        if (reason.equals(DEADLINE)) {
            firstIndex = workloads.all().indexOf(skipped.get(0));
            LOG.warnf("tick deadline %ds passed: %d workloads skipped until the next tick, which starts with them: %s",
                    deadline.toSeconds(), keys.size(), String.join(", ", keys));
        } else if (reason.equals(LEADER_LOST)) {
            LOG.warnf("%s lost leadership mid-tick: %d workloads left to the new leader: %s", leadership.identity(),
                    keys.size(), String.join(", ", keys));
        } else if (reason.equals(STILL_RUNNING)) {
            LOG.warnf("workload=%s skipped: its reconcile from an earlier tick is still running", keys.get(0));
        }
    }

    private void ended(long nanos) {
        lastTickEndNanos = nanos;
        ticked = true;
    }

    /** Whether a workload's reconcile, left behind by an earlier tick at its deadline, still runs. */
    public boolean isRunning(String workload) {
        return runner.isRunning(workload);
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

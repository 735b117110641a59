package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a tick's workloads on a bounded pool of threads, in order, each within its own deadline:
 * <ul>
 *   <li>at most {@code concurrency} workloads at once; each asks {@code stop} when it starts and is skipped with the
 *       reason it gives (tick deadline passed, leadership lost);</li>
 *   <li>a workload still running {@code workloadDeadline} after it started is left behind: the tick goes on without it
 *       ({@link Outcome.Late}); it finishes in the background (its writes stay fenced) and the next ticks skip it while
 *       it runs ({@link #running});</li>
 *   <li>a workload not started once the tick deadline has passed (every thread busy) is not started at all.</li>
 * </ul>
 * An {@link Error} of a workload is rethrown to the tick's caller.
 */
final class WorkloadRunner {

    /** How a workload ended in this tick. */
    sealed interface Outcome {
        /** Reconciled: its decision, empty when held before deciding. */
        record Done(Optional<Decision> decision) implements Outcome {
        }

        /** Not started: the reason (e.g. {@code deadline}, {@code leader-lost}). */
        record Skipped(String reason) implements Outcome {
        }

        /** Lost leadership while deciding it. */
        record LeaderLost(LeadershipLostException cause) implements Outcome {
        }

        /** Failed unexpectedly. */
        record Failed(RuntimeException cause) implements Outcome {
        }

        /** Still running at its deadline; the tick went on without it. */
        record Late(Duration after) implements Outcome {
        }
    }

    private static final long POLL_MILLIS = 20;

    private final int concurrency;
    private final Optional<Duration> workloadDeadline;
    private final LongSupplier nanoTime;
    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param workloadDeadline how long the tick waits for one workload once it started; empty: as long as it takes
     * @param nanoTime the loop's monotonic clock, for both deadlines
     */
    WorkloadRunner(int concurrency, Optional<Duration> workloadDeadline, LongSupplier nanoTime) {
        this.concurrency = concurrency;
        this.workloadDeadline = workloadDeadline;
        this.nanoTime = nanoTime;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor threads = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "prescient-reconcile-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // idle between ticks (5 minutes apart): the threads end and are made again at the next tick
        threads.allowCoreThreadTimeOut(true);
        this.pool = threads;
    }

    int concurrency() {
        return concurrency;
    }

    /** Whether a workload left behind by an earlier tick still runs. */
    boolean isRunning(String workload) {
        return running.contains(workload);
    }

    private record Task(WorkloadSpec spec, Future<?> future, AtomicLong startedAt) {
    }

    /**
     * @param stop asked as each workload starts: a reason not to start it, or empty
     * @param tickEndsAt the loop clock's time after which no workload starts
     * @return the outcome of every workload, in no particular order
     */
    Map<String, Outcome> run(List<WorkloadSpec> order, Supplier<Optional<String>> stop,
                             Function<WorkloadSpec, Optional<Decision>> reconcile, long tickEndsAt) {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        BlockingQueue<Object> finished = new LinkedBlockingQueue<>();
        List<Task> tasks = new ArrayList<>(order.size());
        for (WorkloadSpec spec : order) {
            AtomicLong startedAt = new AtomicLong(Long.MIN_VALUE);
            running.add(spec.key());
            Future<?> future = pool.submit(() -> {
                Object end = spec.key();
                try {
                    startedAt.set(nanoTime.getAsLong());
                    outcomes.putIfAbsent(spec.key(), attempt(spec, stop, reconcile));
                } catch (Error e) {
                    end = e;
                } finally {
                    running.remove(spec.key());
                    finished.add(end);
                }
            });
            tasks.add(new Task(spec, future, startedAt));
        }
        await(tasks, outcomes, finished, tickEndsAt);
        return outcomes;
    }

    private Outcome attempt(WorkloadSpec spec, Supplier<Optional<String>> stop,
                            Function<WorkloadSpec, Optional<Decision>> reconcile) {
        Optional<String> reason = stop.get();
        if (reason.isPresent()) {
            return new Outcome.Skipped(reason.get());
        }
        try {
            return new Outcome.Done(reconcile.apply(spec));
        } catch (LeadershipLostException e) {
            return new Outcome.LeaderLost(e);
        } catch (RuntimeException e) {
            return new Outcome.Failed(e);
        }
    }

    /** Waits until every task has an outcome: finished, left behind at its deadline, or never started. */
    private void await(List<Task> tasks, Map<String, Outcome> outcomes, BlockingQueue<Object> finished,
                       long tickEndsAt) {
        List<Task> pending = new ArrayList<>(tasks);
        while (!pending.isEmpty()) {
            Object done;
            try {
                done = finished.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the tick's workloads", e);
            }
            if (done instanceof Error error) {
                throw error;
            }
            long now = nanoTime.getAsLong();
            pending.removeIf(task -> settled(task, outcomes, now, tickEndsAt));
        }
    }

    private boolean settled(Task task, Map<String, Outcome> outcomes, long now, long tickEndsAt) {
        String key = task.spec().key();
        if (task.future().isDone()) {
            return outcomes.containsKey(key) || task.future().isCancelled();
        }
        long startedAt = task.startedAt().get();
        if (startedAt == Long.MIN_VALUE) {
            if (now - tickEndsAt >= 0 && task.future().cancel(false)) {
                running.remove(key);
                outcomes.putIfAbsent(key, new Outcome.Skipped(ActuatorLoop.DEADLINE));
                return true;
            }
            return false;
        }
        if (workloadDeadline.isPresent() && now - startedAt >= workloadDeadline.get().toNanos()) {
            outcomes.putIfAbsent(key, new Outcome.Late(Duration.ofNanos(now - startedAt)));
            return true;
        }
        return false;
    }
}

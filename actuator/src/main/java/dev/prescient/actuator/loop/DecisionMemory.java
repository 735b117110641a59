package dev.prescient.actuator.loop;

import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.PastDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent recommendations per workload, in memory, for the policy's scale-down stabilisation (the configured
 * window, or the learnt sizing's floor hold when longer). Kept exactly as the backtest keeps them: a non-hold
 * decision is remembered, and entries older than the longer of the window and {@link #MIN_RETENTION} are dropped.
 * A new leader starts empty, which can only make its first scale-downs larger within the step limit. Thread-safe:
 * workloads are reconciled concurrently.
 */
public class DecisionMemory {

    /** How long recommendations are kept at least: the backtest's {@code SizedController} keeps an hour. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);

    private final Duration window;
    private final Map<String, List<PastDecision>> byWorkload = new ConcurrentHashMap<>();

    /** @param stabilization the policy's scale-down stabilisation window */
    public DecisionMemory(Duration stabilization) {
        this.window = stabilization.compareTo(MIN_RETENTION) > 0 ? stabilization : MIN_RETENTION;
    }

    public List<PastDecision> recent(String workload) {
        List<PastDecision> past = byWorkload.get(workload);
        if (past == null) {
            return List.of();
        }
        synchronized (past) {
            return List.copyOf(past);
        }
    }

    public void remember(String workload, Decision decision, Instant now) {
        List<PastDecision> past = byWorkload.computeIfAbsent(workload, k -> new ArrayList<>());
        synchronized (past) {
            decision.asPast(now).ifPresent(past::add);
            past.removeIf(p -> p.at().isBefore(now.minus(window)));
        }
    }
}

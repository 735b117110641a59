package dev.prescient.actuator.loop;

import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.PastDecision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The recent recommendations per workload, in memory, for the policy's scale-down stabilisation (the configured
 * window, or the learnt sizing's floor hold when longer). Kept exactly as the backtest keeps them: a non-hold
 * decision is remembered, and entries older than the longer of the window and {@link #MIN_RETENTION} are dropped.
 * A workload met for the first time starts from its {@code seed}: where the workloads are PredictiveScalers, the
 * recommendations the previous leader wrote in the status, so a failover does not forget the window; else empty,
 * which can only make a new leader's first scale-downs larger within the step limit. Thread-safe: workloads are
 * reconciled concurrently.
 */
public class DecisionMemory {

    /** How long recommendations are kept at least: the backtest's {@code SizedController} keeps an hour. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);

    private final Duration window;
    private final Function<String, List<PastDecision>> seed;
    private final Map<String, List<PastDecision>> byWorkload = new ConcurrentHashMap<>();

    /** @param stabilization the policy's scale-down stabilisation window */
    public DecisionMemory(Duration stabilization) {
        this(stabilization, workload -> List.of());
    }

    /**
     * @param stabilization the policy's scale-down stabilisation window
     * @param seed a workload's recent recommendations when this memory meets it first (by key)
     */
    public DecisionMemory(Duration stabilization, Function<String, List<PastDecision>> seed) {
        this.window = stabilization.compareTo(MIN_RETENTION) > 0 ? stabilization : MIN_RETENTION;
        this.seed = seed;
    }

    /** How far back recommendations are kept. */
    public Duration retention() {
        return window;
    }

    public List<PastDecision> recent(String workload) {
        List<PastDecision> past = of(workload);
        synchronized (past) {
            return List.copyOf(past);
        }
    }

    public void remember(String workload, Decision decision, Instant now) {
        List<PastDecision> past = of(workload);
        synchronized (past) {
            decision.asPast(now).ifPresent(past::add);
            past.removeIf(p -> p.at().isBefore(now.minus(window)));
        }
    }

    /** The workload's list, seeded outside the map's lock on first sight (a seed may ask the API server). */
    private List<PastDecision> of(String workload) {
        List<PastDecision> past = byWorkload.get(workload);
        if (past == null) {
            byWorkload.putIfAbsent(workload, new ArrayList<>(seed.apply(workload)));
            past = byWorkload.get(workload);
        }
        return past;
    }
}

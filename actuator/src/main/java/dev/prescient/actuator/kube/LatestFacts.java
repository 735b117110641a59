package dev.prescient.actuator.kube;

import dev.prescient.common.policy.Decision;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the facts of each workload's newest decision from the reconciler, which knows them, to the status writer,
 * which is given only the decision ({@link StatusWriter#decided}). The writer takes the facts of exactly that
 * decision (the same instance), so a status written late never mixes one tick's decision with another's facts. One
 * entry per workload at most: a taken entry is removed, a newer decision replaces an older one.
 */
public final class LatestFacts {

    private final Map<String, DecisionFacts> latest = new ConcurrentHashMap<>();

    public void put(String workload, DecisionFacts facts) {
        latest.put(workload, facts);
    }

    /** The facts of {@code decision}, removed; empty when the newest facts belong to another decision or none. */
    public Optional<DecisionFacts> take(String workload, Decision decision) {
        DecisionFacts facts = latest.get(workload);
        if (facts == null || facts.decision() != decision) {
            return Optional.empty();
        }
        latest.remove(workload, facts);
        return Optional.of(facts);
    }
}

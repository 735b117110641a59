package dev.prescient.actuator.kube;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Estimates a workload's start-up delay as the p90 (nearest rank) of (Ready − scheduled) over its newest measured
 * Pods (see {@link FirstStarts} for which transitions count).
 */
public final class StartupDelayEstimator {

    private final int minPods;
    private final int maxPods;

    /**
     * @param minPods fewer measured Pods than this give no estimate
     * @param maxPods only the newest this many Pods count
     */
    public StartupDelayEstimator(int minPods, int maxPods) {
        if (minPods < 1 || maxPods < minPods) {
            throw new IllegalArgumentException("start-up delay estimation needs 1 <= min-pods <= max-pods, got "
                    + minPods + " and " + maxPods);
        }
        this.minPods = minPods;
        this.maxPods = maxPods;
    }

    public int minPods() {
        return minPods;
    }

    /** The p90 start-up delay of the Ready ones, empty when fewer than {@code minPods} can be measured. */
    public Optional<Duration> estimate(List<PodStartup> pods) {
        List<Duration> delays = pods.stream()
                .filter(PodStartup::isReady)
                .sorted(Comparator.comparing(PodStartup::scheduled).reversed())
                .limit(maxPods)
                .map(PodStartup::delay)
                .filter(d -> !d.isNegative())
                .sorted()
                .toList();
        if (delays.size() < minPods) {
            return Optional.empty();
        }
        int rank = (int) Math.ceil(0.9 * delays.size());
        return Optional.of(delays.get(rank - 1));
    }
}

package dev.prescient.actuator.kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each Pod's FIRST start, so that a Pod Ready again after a readiness blip or a container restart is still
 * measured from its first Ready transition, not from the later one (Kubernetes keeps only a condition's last
 * transition). A Pod is remembered from the first time it is seen Ready, by uid, for as long as it exists.
 * A Pod first seen Ready with restarted containers is left out: its first start is unknown. A Pod that blipped before
 * it was first seen (e.g. before this leader started) cannot be told apart; the start-up delay cap bounds that.
 */
public final class FirstStarts {

    private final Map<String, Map<String, PodStartup>> byWorkload = new ConcurrentHashMap<>();

    /**
     * @param workload the workload the Pods belong to
     * @param pods every current Pod of the workload, Ready or not
     * @return the first start of every Pod whose first start is known, Ready now or not
     */
    public List<PodStartup> of(String workload, List<PodStartup> pods) {
        Map<String, PodStartup> known = byWorkload.computeIfAbsent(workload, k -> new HashMap<>());
        synchronized (known) {
            Map<String, PodStartup> still = new HashMap<>();
            List<PodStartup> first = new ArrayList<>();
            for (PodStartup pod : pods) {
                PodStartup start = known.get(pod.uid());
                if (start == null && pod.isReady() && pod.restarts() == 0) {
                    start = pod;
                }
                if (start != null) {
                    still.put(pod.uid(), start);
                    first.add(start);
                }
            }
            known.clear();
            known.putAll(still);
            return first;
        }
    }
}

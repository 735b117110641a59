package dev.prescient.trainer.backtest;

import java.util.List;

/**
 * The simulated cluster, in one-minute steps, over one or more segments of a trace.
 *
 * @param capacityPerPod requests per minute one ready pod serves; more are dropped
 * @param startupDelayMinutes a pod requested at minute t serves from t + D
 * @param metricsLagMinutes a decision at minute t sees demand up to t - lag (1)
 * @param segments the simulated parts of the trace, in order and apart: a trace with a gap as long as the history
 *     is split there, and each part is simulated on its own; shorter gaps are bridged inside a segment
 * @param minReplicas the workload's lower bound, for every policy that scales it (the oracle excepted)
 * @param maxReplicas the workload's upper bound
 */
public record Scenario(double capacityPerPod, int startupDelayMinutes, int metricsLagMinutes,
                       List<Segment> segments, int minReplicas, int maxReplicas) {

    public static final int DEFAULT_MIN_REPLICAS = 1;
    public static final int DEFAULT_MAX_REPLICAS = 100;

    public Scenario {
        segments = List.copyOf(segments);
        if (minReplicas < 0 || maxReplicas < 1 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException("replica bounds [" + minReplicas + ", " + maxReplicas
                    + "] are not 0 <= min <= max, max >= 1");
        }
        if (!(capacityPerPod > 0)) {
            throw new IllegalArgumentException("capacity per pod must be > 0, got " + capacityPerPod);
        }
        if (startupDelayMinutes < 0) {
            throw new IllegalArgumentException("start-up delay must be >= 0 minutes, got " + startupDelayMinutes);
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one simulated segment");
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.firstMinute() - s.dataFrom() < metricsLagMinutes) {
                throw new IllegalArgumentException("simulated span [" + s.firstMinute() + ", " + s.endMinute()
                        + ") starts before any demand is known");
            }
            if (i > 0 && s.dataFrom() < segments.get(i - 1).endMinute()) {
                throw new IllegalArgumentException("segments overlap: " + segments.get(i - 1) + " and " + s);
            }
        }
    }

    /** Segments with the default replica bounds [1, 100]. */
    public Scenario(double capacityPerPod, int startupDelayMinutes, int metricsLagMinutes, List<Segment> segments) {
        this(capacityPerPod, startupDelayMinutes, metricsLagMinutes, segments, DEFAULT_MIN_REPLICAS,
                DEFAULT_MAX_REPLICAS);
    }

    /** One simulated span of a trace without gaps, from its first simulated minute: the single-segment case. */
    public Scenario(double capacityPerPod, int startupDelayMinutes, int metricsLagMinutes, int firstMinute,
                    int endMinute) {
        this(capacityPerPod, startupDelayMinutes, metricsLagMinutes,
                List.of(new Segment(0, firstMinute, endMinute)));
    }

    /** First simulated minute of the first segment: index 0 of every per-minute result. */
    public int firstMinute() {
        return segments.get(0).firstMinute();
    }

    /** Exclusive end of the last segment. */
    public int endMinute() {
        return segments.get(segments.size() - 1).endMinute();
    }

    /** Minutes actually simulated: the sum over segments (the gaps between and inside them are not). */
    public int simulatedMinutes() {
        return segments.stream().mapToInt(Segment::simulatedMinutes).sum();
    }

    /** Minutes from the first simulated minute to the end, gaps included: the length of per-minute results. */
    public int spanMinutes() {
        return endMinute() - firstMinute();
    }

    /** Whether minute {@code m} is simulated (inside a segment's simulated part, not in a gap it bridges). */
    public boolean simulates(int m) {
        for (Segment s : segments) {
            if (s.simulates(m)) {
                return true;
            }
        }
        return false;
    }

    /** Pods needed to serve {@code demand} without dropping. */
    public int need(double demand) {
        return (int) Math.ceil(demand / capacityPerPod - 1e-9);
    }
}

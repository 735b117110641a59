package dev.prescient.common.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One workload as configured: what to forecast and how to scale it. Built only by the workload
 * configuration loader, which validates every field.
 *
 * @param name workload name, unique within its namespace
 * @param namespace Kubernetes namespace of the target
 * @param target the Deployment or StatefulSet to scale
 * @param query PromQL giving the workload's requests per second
 * @param capacityPerPod requests per second one pod serves at full utilisation (the HPA's convention: the
 *     target utilisation is the fraction of this aimed for)
 * @param targetUtilization the utilisation target of reactive scaling (the HPA under the floor, or the replicas-mode
 *     fallback) until a learnt sizing says otherwise, in (0, 1]
 * @param minReplicas lower bound on replicas, at least 0
 * @param maxReplicas upper bound on replicas, at least {@code minReplicas}
 * @param history how much history trains a model
 * @param step resolution of the series
 * @param horizon how far ahead to forecast
 * @param startupDelay time from requesting a pod until it serves; empty = measure it
 * @param mode how decisions are applied
 * @param slo the workload's service-level objective, the one sizing knob
 * @param fallbackReplicas where a hold takes the workload (KEDA's fallback); empty = stay and decay like a scale-down
 */
public record WorkloadSpec(String name, String namespace, TargetRef target, String query,
                           double capacityPerPod, double targetUtilization, int minReplicas, int maxReplicas,
                           Duration history, Duration step, Duration horizon, Optional<Duration> startupDelay,
                           ScalingMode mode, Slo slo, OptionalInt fallbackReplicas) {

    public static final double DEFAULT_TARGET_UTILIZATION = 0.7;
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(3);
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(30);
    /** Start-up delay used when it is neither configured nor measurable. */
    public static final Duration DEFAULT_STARTUP_DELAY = Duration.ofMinutes(3);

    public WorkloadSpec {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(fallbackReplicas, "fallbackReplicas");
    }

    /** A workload with the default SLO and no fallback replicas. */
    public WorkloadSpec(String name, String namespace, TargetRef target, String query,
                        double capacityPerPod, double targetUtilization, int minReplicas, int maxReplicas,
                        Duration history, Duration step, Duration horizon, Optional<Duration> startupDelay,
                        ScalingMode mode) {
        this(name, namespace, target, query, capacityPerPod, targetUtilization, minReplicas, maxReplicas, history, step,
                horizon, startupDelay, mode, Slo.DEFAULT, OptionalInt.empty());
    }

    /** This workload with another SLO. */
    public WorkloadSpec withSlo(Slo other) {
        return new WorkloadSpec(name, namespace, target, query, capacityPerPod, targetUtilization, minReplicas,
                maxReplicas, history, step, horizon, startupDelay, mode, other, fallbackReplicas);
    }

    /** This workload scaled in {@code other} mode. */
    public WorkloadSpec withMode(ScalingMode other) {
        return new WorkloadSpec(name, namespace, target, query, capacityPerPod, targetUtilization, minReplicas,
                maxReplicas, history, step, horizon, startupDelay, other, slo, fallbackReplicas);
    }

    /** This workload holding at {@code replicas} on a hold. */
    public WorkloadSpec withFallbackReplicas(int replicas) {
        return new WorkloadSpec(name, namespace, target, query, capacityPerPod, targetUtilization, minReplicas,
                maxReplicas, history, step, horizon, startupDelay, mode, slo, OptionalInt.of(replicas));
    }

    /** {@code namespace/name}, the key used across services. */
    public String key() {
        return namespace + "/" + name;
    }

    /** Number of steps in the forecast horizon. */
    public int horizonSteps() {
        return (int) (horizon.toMillis() / step.toMillis());
    }

    /** Number of steps of training history. */
    public int historySteps() {
        return (int) (history.toMillis() / step.toMillis());
    }
}

package dev.prescient.actuator.loop;

import java.time.Duration;

/**
 * The limits the actuator's loop keeps, checked together at start-up.
 *
 * @param tickDeadline a tick starts no workload after this
 * @param maxClockSkew a forecast generated further ahead of the actuator's clock is refused
 * @param startupDelayFallback start-up delay when too few Pods can be measured
 * @param maxStartupDelay a measured start-up delay is capped to this
 * @param concurrency most workloads reconciled at once
 * @param workloadDeadline how long a tick waits for one workload once started
 */
public record LoopSettings(Duration tickDeadline, Duration maxClockSkew, Duration startupDelayFallback,
                           Duration maxStartupDelay, int concurrency, Duration workloadDeadline) {

    /**
     * @throws IllegalArgumentException naming the {@code prescient.actuator.*} key of the first contradictory setting
     */
    public static LoopSettings from(ActuatorConfig config) {
        ActuatorConfig.LeaderElection le = config.leaderElection();
        Duration lease = le.leaseDuration();
        Duration deadline = config.tickDeadline().orElse(lease.multipliedBy(4).dividedBy(5));
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("prescient.actuator.tick-deadline must be > 0, got " + deadline);
        }
        if (le.enabled() && deadline.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("prescient.actuator.tick-deadline (" + deadline + ") must be shorter "
                    + "than prescient.actuator.leader-election.lease-duration (" + lease + ")");
        }
        if (config.predictor().maxClockSkew().isNegative()) {
            throw new IllegalArgumentException("prescient.actuator.predictor.max-clock-skew must be >= 0, got "
                    + config.predictor().maxClockSkew());
        }
        ActuatorConfig.StartupDelay sd = config.startupDelay();
        if (sd.fallback().isNegative() || sd.fallback().isZero() || sd.fallback().compareTo(sd.max()) > 0) {
            throw new IllegalArgumentException("prescient.actuator.startup-delay.fallback (" + sd.fallback()
                    + ") must be > 0 and at most prescient.actuator.startup-delay.max (" + sd.max() + ")");
        }
        if (config.concurrency() < 1) {
            throw new IllegalArgumentException("prescient.actuator.concurrency must be at least 1, got "
                    + config.concurrency());
        }
        if (config.workloadDeadline().isNegative() || config.workloadDeadline().isZero()) {
            throw new IllegalArgumentException("prescient.actuator.workload-deadline must be > 0, got "
                    + config.workloadDeadline());
        }
        if (config.predictor().batchSize() < 1) {
            throw new IllegalArgumentException("prescient.actuator.predictor.batch-size must be at least 1, got "
                    + config.predictor().batchSize());
        }
        if (config.predictor().breakerDelay().isNegative() || config.predictor().breakerDelay().isZero()) {
            throw new IllegalArgumentException("prescient.actuator.predictor.breaker-delay must be > 0, got "
                    + config.predictor().breakerDelay());
        }
        return new LoopSettings(deadline, config.predictor().maxClockSkew(), sd.fallback(), sd.max(),
                config.concurrency(), config.workloadDeadline());
    }
}

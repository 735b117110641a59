package dev.prescient.actuator.loop;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Liveness {@code actuator-loop}: DOWN when this instance leads and its loop has not completed a tick for
 * {@value #MISSED_TICKS} intervals (counted from the later of the last tick's end, the start of its leadership and
 * the loop's creation), so the kubelet restarts a stuck or dead leader and its Lease goes to the standby. A standby
 * is live: it has nothing to do.
 */
@Liveness
@Singleton
public class LoopLiveness implements HealthCheck {

    static final String NAME = "actuator-loop";
    static final int MISSED_TICKS = 3;

    private final ActuatorLoop loop;
    private final Duration interval;
    private final LongSupplier nanoTime;

    @Inject
    public LoopLiveness(ActuatorLoop loop, ActuatorConfig config) {
        this(loop, config.interval(), System::nanoTime);
    }

    /** @param nanoTime the same monotonic clock as the loop's */
    public LoopLiveness(ActuatorLoop loop, Duration interval, LongSupplier nanoTime) {
        this.loop = loop;
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("identity", loop.leadership().identity());
        if (!loop.leadership().isLeader()) {
            return response.withData("role", "standby").up().build();
        }
        long since = Math.max(loop.aliveSinceNanos(), loop.leadership().leadingSince().orElse(Long.MIN_VALUE));
        Duration quiet = Duration.ofNanos(nanoTime.getAsLong() - since);
        Duration limit = interval.multipliedBy(MISSED_TICKS);
        response.withData("role", "leader")
                .withData("secondsSinceLastTick", quiet.toSeconds())
                .withData("limitSeconds", limit.toSeconds());
        if (quiet.compareTo(limit) > 0) {
            return response.withData("problem", "the leader's loop has not completed a tick for " + quiet.toSeconds()
                    + " s (" + MISSED_TICKS + " intervals of " + interval.toSeconds() + " s): stuck or dead").down()
                    .build();
        }
        return response.up().build();
    }
}

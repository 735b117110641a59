package dev.prescient.actuator.loop;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;

/**
 * Runs a cycle every {@code prescient.actuator.interval}, never two at once: the PredictiveScalers' upkeep
 * ({@link ScalerUpkeep}: finalizers, deletions, rejected objects), then {@link ActuatorLoop#tick}.
 */
@Singleton
public class ScheduledTick {

    private final ActuatorLoop loop;
    private final ScalerUpkeep upkeep;
    private final Clock clock;

    public ScheduledTick(ActuatorLoop loop, ScalerUpkeep upkeep, Clock clock) {
        this.loop = loop;
        this.upkeep = upkeep;
        this.clock = clock;
    }

    @Scheduled(identity = "actuator-tick", every = "${prescient.actuator.interval:5m}",
            delayed = "${prescient.actuator.first-tick-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        cycle(clock.instant());
    }

    /** One cycle at {@code now}: the upkeep first, so a new object holds its finalizer before anything acts on it. */
    public void cycle(Instant now) {
        upkeep.run(now);
        loop.tick(now);
    }
}

package dev.prescient.actuator.loop;

import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Runs {@link ActuatorLoop#tick} every {@code prescient.actuator.interval}, never two at once. */
@Singleton
public class ScheduledTick {

    private final ActuatorLoop loop;
    private final Clock clock;

    public ScheduledTick(ActuatorLoop loop, Clock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    @Scheduled(identity = "actuator-tick", every = "${prescient.actuator.interval:5m}",
            delayed = "${prescient.actuator.first-tick-delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        loop.tick(clock.instant());
    }
}

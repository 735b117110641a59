package dev.prescient.actuator.kube;

import java.time.Duration;
import java.time.Instant;

/** When a Pod was created and when it last became Ready. */
public record PodStartup(String name, Instant created, Instant ready) {

    public Duration delay() {
        return Duration.between(created, ready);
    }
}

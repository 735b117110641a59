package dev.prescient.actuator.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A Pod's start as its conditions tell it.
 *
 * @param uid the Pod's uid (its name when the API server gave none)
 * @param name the Pod's name
 * @param scheduled {@code PodScheduled} turned True (the creation time when the condition is absent)
 * @param ready {@code ContainersReady} (else {@code Ready}) turned True, empty while it is not; after a readiness
 *              blip or a restart this is the later transition, not the first start's
 * @param restarts the sum of its containers' {@code restartCount}
 */
public record PodStartup(String uid, String name, Instant scheduled, Optional<Instant> ready, int restarts) {

    /** A Pod Ready {@code ready} after being scheduled at {@code scheduled}, never restarted. */
    public static PodStartup ready(String name, Instant scheduled, Instant ready) {
        return new PodStartup(name, name, scheduled, Optional.of(ready), 0);
    }

    public boolean isReady() {
        return ready.isPresent();
    }

    /** Ready − scheduled. @throws java.util.NoSuchElementException when not Ready */
    public Duration delay() {
        return Duration.between(scheduled, ready.orElseThrow());
    }
}

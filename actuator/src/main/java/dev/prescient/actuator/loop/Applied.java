package dev.prescient.actuator.loop;

import java.util.Objects;
import java.util.Optional;

/**
 * What applying a decision changed.
 *
 * @param changed whether the replicas or the floor were patched
 * @param from the value before ({@code spec.replicas}, or the HPA's {@code minReplicas} in hpa-floor mode)
 * @param to the value after (for dry-run: the value it would have set)
 * @param note a limit the actuator added beyond the policy, or empty
 * @param retune in hpa-floor mode with a learnt sizing, what the reactive setting asked of the HPA (patched when it
 *     {@linkplain HpaRetune#changesSomething() changes something}); empty otherwise
 */
public record Applied(boolean changed, int from, int to, String note, Optional<HpaRetune> retune) {

    public Applied {
        Objects.requireNonNull(retune, "retune");
    }

    /** Applied without touching the HPA's tuning. */
    public Applied(boolean changed, int from, int to, String note) {
        this(changed, from, to, note, Optional.empty());
    }
}

package dev.prescient.actuator.loop;

/**
 * What applying a decision changed.
 *
 * @param changed whether an object was patched
 * @param from the value before ({@code spec.replicas}, or the HPA's {@code minReplicas} in hpa-floor mode)
 * @param to the value after (for dry-run: the value it would have set)
 * @param note a limit the actuator added beyond the policy, or empty
 */
public record Applied(boolean changed, int from, int to, String note) {
}

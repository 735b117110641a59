package dev.prescient.common.policy;

import java.time.Instant;

/** A recommendation the policy made earlier, remembered for scale-down stabilisation. */
public record PastDecision(Instant at, int recommendedReplicas) {
}

package dev.prescient.common.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * What the policy wants and why.
 *
 * @param action what to do
 * @param desiredReplicas replicas to set (replicas mode) or the floor to set (hpa-floor mode); for a hold,
 *     the value to keep (or, in hpa-floor mode, the baseline floor to restore)
 * @param recommendedReplicas the raw sizing before stabilisation and step limits (0 for a hold)
 * @param peakRate the sizing quantile's peak over the window (NaN for a hold)
 * @param windowStart start of the window the sizing covers
 * @param windowEnd end of that window
 * @param holdReason why it holds, when {@code action} is {@link Action#HOLD}
 * @param reason human-readable explanation for Events and logs
 */
public record Decision(Action action, int desiredReplicas, int recommendedReplicas, double peakRate,
                       Instant windowStart, Instant windowEnd, Optional<HoldReason> holdReason, String reason) {

    /** What a decision does. */
    public enum Action {
        SCALE_UP("up"), SCALE_DOWN("down"), NO_CHANGE("none"), HOLD("hold");

        private final String tag;

        Action(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public boolean isHold() {
        return action == Action.HOLD;
    }

    /** This decision as a remembered recommendation, for the next call's stabilisation. */
    public Optional<PastDecision> asPast(Instant at) {
        return isHold() ? Optional.empty() : Optional.of(new PastDecision(at, recommendedReplicas));
    }
}

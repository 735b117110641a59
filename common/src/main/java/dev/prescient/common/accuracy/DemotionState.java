package dev.prescient.common.accuracy;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a workload's forecasts are trusted.
 *
 * @param demoted true while the forecasts are not used
 * @param since when the workload entered this state (for the initial state: when tracking began)
 * @param reason why: the figure and the limit that demoted it, or what re-enabled it
 */
public record DemotionState(boolean demoted, Instant since, String reason) {

    public DemotionState {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
    }

    static DemotionState active(Instant since, String reason) {
        return new DemotionState(false, since, reason);
    }

    static DemotionState demoted(Instant since, String reason) {
        return new DemotionState(true, since, reason);
    }
}

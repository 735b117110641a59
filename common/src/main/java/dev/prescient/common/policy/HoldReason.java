package dev.prescient.common.policy;

/** Why the policy left the replicas as they were. Names are metric tag values. */
public enum HoldReason {
    FORECAST_MISSING("forecast-missing"),
    FORECAST_STALE("forecast-stale"),
    FALLBACK_FORECAST("fallback-forecast"),
    FORECAST_TOO_SHORT("forecast-too-short"),
    PAUSED("paused"),
    DEMOTED("demoted"),
    FORECAST_IMPLAUSIBLE("forecast-implausible");

    private final String tag;

    HoldReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}

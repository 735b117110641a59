package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A decision of the actuator: when, what and why. */
public class DecisionSummary {

    @JsonPropertyDescription("When the decision was made (RFC 3339).")
    @Pattern(ForecastSummary.TIMESTAMP)
    private String time;

    @JsonPropertyDescription("What was done: scale-up, scale-down, hold, none, ...")
    private String action;

    @JsonPropertyDescription("Why, as in the Event the decision wrote.")
    private String reason;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}

package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One recommendation within the stabilisation window. */
public class Recommendation {

    @JsonPropertyDescription("When it was made (RFC 3339).")
    @Required
    @Pattern(ForecastSummary.TIMESTAMP)
    private String time;

    @JsonPropertyDescription("The replicas it recommended.")
    @Required
    @Min(0)
    private Integer replicas;

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }
}

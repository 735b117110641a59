package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The forecast a decision used. */
public class ForecastSummary {

    @JsonPropertyDescription("When the forecast was made (RFC 3339).")
    @Pattern(TIMESTAMP)
    private String time;

    @JsonPropertyDescription("The highest median forecast over the sizing window, requests per second.")
    private Double p50Peak;

    @JsonPropertyDescription("The highest p90 forecast over the sizing window, requests per second.")
    private Double p90Peak;

    /** RFC 3339 in UTC, as Kubernetes writes times. */
    public static final String TIMESTAMP = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$";

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    public Double getP50Peak() {
        return p50Peak;
    }

    public void setP50Peak(Double p50Peak) {
        this.p50Peak = p50Peak;
    }

    public Double getP90Peak() {
        return p90Peak;
    }

    public void setP90Peak(Double p90Peak) {
        this.p90Peak = p90Peak;
    }
}

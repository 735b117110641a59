package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * A workload's service-level objective as written in the resource (workloads.yaml {@code slo}); the domain form is
 * {@link dev.prescient.common.model.Slo}.
 */
public class SloSpec {

    @JsonPropertyDescription("At most this % of minutes short of capacity, in (0, 50]; default 1.0.")
    @Default("1.0")
    @Min(value = 0, inclusive = false)
    @Max(50)
    private Double maxShortMinutesPct;

    public Double getMaxShortMinutesPct() {
        return maxShortMinutesPct;
    }

    public void setMaxShortMinutesPct(Double maxShortMinutesPct) {
        this.maxShortMinutesPct = maxShortMinutesPct;
    }
}

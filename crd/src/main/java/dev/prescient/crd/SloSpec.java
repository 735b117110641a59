package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

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

    @JsonPropertyDescription("PromQL whose one-minute values are the demand the SLO is judged on, when 'query' smooths "
            + "it (e.g. query is a rate over 5m: give the same rate over 1m); same unit as query. Default: query itself.")
    @Pattern(".*\\S.*")
    private String demandQuery;

    public Double getMaxShortMinutesPct() {
        return maxShortMinutesPct;
    }

    public void setMaxShortMinutesPct(Double maxShortMinutesPct) {
        this.maxShortMinutesPct = maxShortMinutesPct;
    }

    public String getDemandQuery() {
        return demandQuery;
    }

    public void setDemandQuery(String demandQuery) {
        this.demandQuery = demandQuery;
    }
}

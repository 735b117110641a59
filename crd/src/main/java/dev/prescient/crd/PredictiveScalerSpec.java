package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.prescient.common.model.ScalingMode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One workload, field for field as in workloads.yaml ({@code config/workloads.example.yaml}) and with the same
 * defaults; {@code target} is the HPA-style {@code scaleTargetRef}. The schema checks types, ranges and enums; the
 * CEL rules check across fields what the workloads.yaml loader checks; the catalogue checks the rest again.
 */
@ValidationRule(value = PredictiveScalerSpec.REPLICAS_ORDER, fieldPath = ".maxReplicas", reason = "FieldValueInvalid",
        messageExpression = "'maxReplicas (' + string(self.maxReplicas) + ') must be >= minReplicas (' "
                + "+ string(self.minReplicas) + ')'")
@ValidationRule(value = PredictiveScalerSpec.HPA_FLOOR_MIN, fieldPath = ".minReplicas", reason = "FieldValueInvalid",
        message = "minReplicas must be >= 1 in hpa-floor mode: an HPA refuses minReplicas 0 without the "
                + "HPAScaleToZero feature gate")
@ValidationRule(value = PredictiveScalerSpec.FALLBACK_WITHIN, fieldPath = ".fallbackReplicas",
        reason = "FieldValueInvalid", messageExpression = "'fallbackReplicas (' + string(self.fallbackReplicas) "
                + "+ ') must be within [minReplicas, maxReplicas] = [' + string(self.minReplicas) + ', ' "
                + "+ string(self.maxReplicas) + ']'")
@ValidationRule(value = PredictiveScalerSpec.HISTORY_TWO_DAYS, fieldPath = ".history", reason = "FieldValueInvalid",
        message = "history must be at least 2d: seasonal models need two daily cycles")
@ValidationRule(value = PredictiveScalerSpec.HISTORY_MULTIPLE, fieldPath = ".history", reason = "FieldValueInvalid",
        message = "history must be a multiple of step")
@ValidationRule(value = PredictiveScalerSpec.HORIZON_MULTIPLE, fieldPath = ".horizon", reason = "FieldValueInvalid",
        message = "horizon must be a multiple of step")
public class PredictiveScalerSpec {

    @JsonPropertyDescription("The object whose replicas are managed, in this namespace.")
    @Required
    private ScaleTargetRef scaleTargetRef;

    @JsonPropertyDescription("PromQL giving the workload's requests per second.")
    @Required
    @Size(min = 1, max = 4096)
    private String query;

    @JsonPropertyDescription("Requests per second one pod serves at full utilisation, > 0.")
    @Required
    @Min(value = 0, inclusive = false)
    private Double capacityPerPod;

    @JsonPropertyDescription("The HPA's target until a learnt sizing sets one, in (0, 1]; default 0.7.")
    @Default("0.7")
    @Min(value = 0, inclusive = false)
    @Max(1)
    private Double targetUtilization;

    @JsonPropertyDescription("The service-level objective, the one sizing knob.")
    private SloSpec slo;

    @JsonPropertyDescription("Lower bound on replicas, >= 0 (>= 1 in hpa-floor mode).")
    @Required
    @Min(0)
    private Integer minReplicas;

    @JsonPropertyDescription("Upper bound on replicas, >= 1 and >= minReplicas.")
    @Required
    @Min(1)
    private Integer maxReplicas;

    @JsonPropertyDescription("History that trains a model: at least 2d, a multiple of step; default 3d.")
    @Default("3d")
    @Pattern(DURATION)
    @Size(max = 13)
    private String history;

    @JsonPropertyDescription("Resolution of the series; default 1m.")
    @Default("1m")
    @Pattern(DURATION)
    @Size(max = 13)
    private String step;

    @JsonPropertyDescription("How far ahead to forecast, a multiple of step; default 30m.")
    @Default("30m")
    @Pattern(DURATION)
    @Size(max = 13)
    private String horizon;

    @JsonPropertyDescription("Time from asking for a pod until it serves; leave out to let the actuator measure it.")
    @Pattern(DURATION)
    @Size(max = 13)
    private String startupDelay;

    @JsonPropertyDescription("How decisions are applied: replicas, hpa-floor or dry-run.")
    @Required
    private Mode mode;

    @JsonPropertyDescription("Where a hold (no usable forecast) takes the workload, within [minReplicas, maxReplicas]; leave out to keep and decay like a scale-down.")
    @Min(0)
    private Integer fallbackReplicas;

    /** Durations as in workloads.yaml, in the short form only, so that CEL can compare them: {@code 30s, 5m, 2h, 3d}. */
    public static final String DURATION = "^[1-9][0-9]{0,11}[smhd]$";
    private static final String UNIT = "{'s': 1, 'm': 60, 'h': 3600, 'd': 86400}";
    private static final String HISTORY_S = "(int(self.history.substring(0, size(self.history) - 1)) * " + UNIT
            + "[self.history.substring(size(self.history) - 1)])";
    private static final String STEP_S = "(int(self.step.substring(0, size(self.step) - 1)) * " + UNIT
            + "[self.step.substring(size(self.step) - 1)])";
    private static final String HORIZON_S = "(int(self.horizon.substring(0, size(self.horizon) - 1)) * " + UNIT
            + "[self.horizon.substring(size(self.horizon) - 1)])";
    static final String REPLICAS_ORDER = "self.minReplicas <= self.maxReplicas";
    static final String HPA_FLOOR_MIN = "self.mode != 'hpa-floor' || self.minReplicas >= 1";
    static final String FALLBACK_WITHIN = "!has(self.fallbackReplicas) || "
            + "(self.minReplicas <= self.fallbackReplicas && self.fallbackReplicas <= self.maxReplicas)";
    static final String HISTORY_TWO_DAYS = "!has(self.history) || " + HISTORY_S + " >= 172800";
    static final String HISTORY_MULTIPLE = "!has(self.history) || !has(self.step) || " + HISTORY_S + " % " + STEP_S
            + " == 0";
    static final String HORIZON_MULTIPLE = "!has(self.horizon) || !has(self.step) || " + HORIZON_S + " % " + STEP_S
            + " == 0";

    /** How the actuator applies its decisions; the names of {@link ScalingMode}. */
    public enum Mode {
        @JsonProperty("replicas") REPLICAS(ScalingMode.REPLICAS),
        @JsonProperty("hpa-floor") HPA_FLOOR(ScalingMode.HPA_FLOOR),
        @JsonProperty("dry-run") DRY_RUN(ScalingMode.DRY_RUN);

        private final ScalingMode mode;

        Mode(ScalingMode mode) {
            this.mode = mode;
        }

        public ScalingMode scalingMode() {
            return mode;
        }
    }

    public ScaleTargetRef getScaleTargetRef() {
        return scaleTargetRef;
    }

    public void setScaleTargetRef(ScaleTargetRef scaleTargetRef) {
        this.scaleTargetRef = scaleTargetRef;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public Double getCapacityPerPod() {
        return capacityPerPod;
    }

    public void setCapacityPerPod(Double capacityPerPod) {
        this.capacityPerPod = capacityPerPod;
    }

    public Double getTargetUtilization() {
        return targetUtilization;
    }

    public void setTargetUtilization(Double targetUtilization) {
        this.targetUtilization = targetUtilization;
    }

    public SloSpec getSlo() {
        return slo;
    }

    public void setSlo(SloSpec slo) {
        this.slo = slo;
    }

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public String getHistory() {
        return history;
    }

    public void setHistory(String history) {
        this.history = history;
    }

    public String getStep() {
        return step;
    }

    public void setStep(String step) {
        this.step = step;
    }

    public String getHorizon() {
        return horizon;
    }

    public void setHorizon(String horizon) {
        this.horizon = horizon;
    }

    public String getStartupDelay() {
        return startupDelay;
    }

    public void setStartupDelay(String startupDelay) {
        this.startupDelay = startupDelay;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Integer getFallbackReplicas() {
        return fallbackReplicas;
    }

    public void setFallbackReplicas(Integer fallbackReplicas) {
        this.fallbackReplicas = fallbackReplicas;
    }
}

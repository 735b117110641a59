package dev.prescient.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the actuator last did for the workload, written after every decision: conditions ({@link Conditions}), the
 * model and forecast it used, the replicas it wanted and saw, its decision, the measured start-up delay and the
 * recent recommendations the scale-down stabilisation window needs, so a new leader continues where the old one
 * stopped.
 */
public class PredictiveScalerStatus {

    @JsonPropertyDescription("The spec generation this status was written for.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready, Predicting, Holding (with the reason) and Demoted.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<Condition> conditions;

    @JsonPropertyDescription("The model version that answered the last forecast, or fallback:<type> when the "
            + "predictor's fallback did.")
    private String modelVersion;

    @JsonPropertyDescription("The last forecast used: its time and its p50/p90 peak over the sizing window.")
    private ForecastSummary lastForecast;

    @JsonPropertyDescription("The replicas (or HPA floor) the last decision asked for.")
    private Integer desiredReplicas;

    @JsonPropertyDescription("The replicas the target had at the last decision.")
    private Integer currentReplicas;

    @JsonPropertyDescription("The last decision: time, action and reason.")
    private DecisionSummary lastDecision;

    @JsonPropertyDescription("The start-up delay the last decision sized with, measured from the target's Pods "
            + "unless spec.startupDelay sets it.")
    private Long startupDelaySeconds;

    @JsonPropertyDescription("Where startupDelaySeconds came from: configured, measured, capped (a measurement above "
            + "the actuator's limit) or fallback (too few Pods to measure).")
    private String startupDelaySource;

    @JsonPropertyDescription("Recent recommendations, newest last, as far back as the scale-down stabilisation window.")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<Recommendation> recentRecommendations;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getModelVersion() {
        return modelVersion;
    }

    public void setModelVersion(String modelVersion) {
        this.modelVersion = modelVersion;
    }

    public ForecastSummary getLastForecast() {
        return lastForecast;
    }

    public void setLastForecast(ForecastSummary lastForecast) {
        this.lastForecast = lastForecast;
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public Integer getCurrentReplicas() {
        return currentReplicas;
    }

    public void setCurrentReplicas(Integer currentReplicas) {
        this.currentReplicas = currentReplicas;
    }

    public DecisionSummary getLastDecision() {
        return lastDecision;
    }

    public void setLastDecision(DecisionSummary lastDecision) {
        this.lastDecision = lastDecision;
    }

    public Long getStartupDelaySeconds() {
        return startupDelaySeconds;
    }

    public void setStartupDelaySeconds(Long startupDelaySeconds) {
        this.startupDelaySeconds = startupDelaySeconds;
    }

    public String getStartupDelaySource() {
        return startupDelaySource;
    }

    public void setStartupDelaySource(String startupDelaySource) {
        this.startupDelaySource = startupDelaySource;
    }

    public List<Recommendation> getRecentRecommendations() {
        return recentRecommendations;
    }

    public void setRecentRecommendations(List<Recommendation> recentRecommendations) {
        this.recentRecommendations = recentRecommendations;
    }
}

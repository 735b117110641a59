package dev.prescient.trainer.training;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import java.util.Map;

/**
 * What one training run did for one workload; printed as one JSON line.
 *
 * @param workload {@code namespace/name}
 * @param ok false if the run failed; {@code error} says why
 * @param version stored version id, null if nothing was stored
 * @param validation validation metrics per forecaster, empty if training did not finish
 * @param productionMase MASE of the version in production on the same window, null if none
 * @param promoted whether the new version now serves
 * @param reason the gate's reason, null if the gate was not reached
 * @param seconds wall time of the run
 * @param error failure message, null if ok
 */
public record WorkloadResult(String workload, boolean ok, String version, Map<String, ValidationMetrics> validation,
                             Double productionMase, boolean promoted, String reason, double seconds, String error) {

    static WorkloadResult failed(String workload, String version, Map<String, ValidationMetrics> validation,
                                 double seconds, String error) {
        return new WorkloadResult(workload, false, version, validation, null, false, null, seconds, error);
    }
}

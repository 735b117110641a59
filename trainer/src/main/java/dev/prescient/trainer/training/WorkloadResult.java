package dev.prescient.trainer.training;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import java.time.Instant;
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
 * @param seconds wall time of the run ({@code prescient_training_duration_seconds})
 * @param error failure message, null if ok
 * @param status {@code trained}, {@code failed}, or {@code locked} if another run holds the workload's lock
 * @param lockHolder owner of the lock that stopped this run, null unless locked
 * @param lockExpiresAt when that lock expires (ISO-8601), null unless locked
 * @param outcome one of {@link #OUTCOMES}: {@code promoted}, {@code refused} (trained, the gate kept
 *                production), {@code failed}, {@code locked}, {@code lock-lost} (the lock was lost during
 *                training, so the result was not promoted)
 * @param sizing the sizing learnt for the version, null if none was learnt or training did not get that far
 * @param sizingError why no sizing was learnt (the version is then stored without one), null otherwise
 */
public record WorkloadResult(String workload, boolean ok, String version, Map<String, ValidationMetrics> validation,
                             Double productionMase, boolean promoted, String reason, double seconds, String error,
                             String status, String lockHolder, String lockExpiresAt, String outcome,
                             SizingSummary sizing, String sizingError) {

    public static final String TRAINED = "trained";
    public static final String FAILED = "failed";
    public static final String LOCKED = "locked";

    public static final String PROMOTED = "promoted";
    public static final String REFUSED = "refused";
    public static final String LOCK_LOST = "lock-lost";
    public static final java.util.List<String> OUTCOMES = java.util.List.of(PROMOTED, REFUSED, FAILED, LOCKED,
            LOCK_LOST);

    static WorkloadResult trained(String workload, String version, Map<String, ValidationMetrics> validation,
                                  Double productionMase, boolean promoted, String reason, double seconds,
                                  LearntSizing sizing) {
        return new WorkloadResult(workload, true, version, validation, productionMase, promoted, reason, seconds,
                null, TRAINED, null, null, promoted ? PROMOTED : REFUSED,
                sizing.sizing().map(SizingSummary::of).orElse(null), sizing.notLearnt());
    }

    /** Not trained because {@code holder} holds the workload's lock until {@code expiresAt}; counts as failed. */
    public static WorkloadResult locked(String workload, String holder, Instant expiresAt) {
        return new WorkloadResult(workload, false, null, Map.of(), null, false, null, 0, "skipped " + workload
                + ": another training run (" + holder + ") holds its lock until " + expiresAt
                + "; it is retried on the next run", LOCKED, holder, expiresAt.toString(), LOCKED, null, null);
    }

    /** Not trained because its lock could not be read or written. */
    public static WorkloadResult lockFailed(String workload, String error) {
        return new WorkloadResult(workload, false, null, Map.of(), null, false, null, 0,
                "cannot lock " + workload + " for training: " + error, FAILED, null, null, FAILED, null, null);
    }

    static WorkloadResult failed(String workload, String version, Map<String, ValidationMetrics> validation,
                                 double seconds, String error) {
        return new WorkloadResult(workload, false, version, validation, null, false, null, seconds, error, FAILED,
                null, null, FAILED, null, null);
    }

    /** Trained (and maybe stored as a candidate) but not gated, because the lock was lost meanwhile. */
    static WorkloadResult lockLost(String workload, String version, Map<String, ValidationMetrics> validation,
                                   double seconds, String error) {
        return new WorkloadResult(workload, false, version, validation, null, false, null, seconds, error, FAILED,
                null, null, LOCK_LOST, null, null);
    }
}

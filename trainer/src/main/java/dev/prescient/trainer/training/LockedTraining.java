package dev.prescient.trainer.training;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.LeaseKeeper;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.RegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One workload's turn in the trainer job: take its lock, keep renewing it every third of the lease
 * while the {@link TrainingJob} runs, release it whatever happened. A workload whose lock another run
 * holds is not trained; one whose lock is lost during training is not stored or promoted after that.
 */
public final class LockedTraining {

    private final TrainingJob job;
    private final LeaseLock locks;
    private final String owner;
    private final Duration lease;
    private final Consumer<String> warnings;

    /**
     * @param owner this run's name in the locks
     * @param lease how long a lock holds without renewal
     * @param warnings where problems that do not change the result go (a lock that cannot be released)
     */
    public LockedTraining(TrainingJob job, LeaseLock locks, String owner, Duration lease, Consumer<String> warnings) {
        this.job = job;
        this.locks = locks;
        this.owner = owner;
        this.lease = lease;
        this.warnings = warnings;
    }

    /** Never throws; a failure, a held lock or a lost one is in the result. */
    public WorkloadResult run(WorkloadSpec workload, Instant until) {
        LeaseLock.Attempt attempt;
        try {
            attempt = locks.tryAcquire(workload.key(), owner, lease);
        } catch (RegistryException e) {
            return WorkloadResult.lockFailed(workload.key(), e.getMessage());
        }
        if (!attempt.acquired()) {
            return WorkloadResult.locked(workload.key(), attempt.lease().owner(), attempt.lease().expiresAt());
        }
        LeaseKeeper keeper = locks.keep(attempt.lease(), lease);
        try {
            return job.run(workload, until, keeper::confirmHeld);
        } finally {
            keeper.close();
            release(keeper);
        }
    }

    private void release(LeaseKeeper keeper) {
        try {
            locks.release(keeper.lease());
        } catch (RegistryException e) {
            warnings.accept("cannot release the lock of " + keeper.lease().workload() + " (it expires at "
                    + keeper.lease().expiresAt() + "): " + e.getMessage());
        }
    }
}

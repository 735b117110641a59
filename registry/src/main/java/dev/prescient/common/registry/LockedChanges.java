package dev.prescient.common.registry;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a change to one workload's versions (promote, rollback, prune) while holding the workload's
 * lock, the same {@link LeaseLock} a training run holds from training to its gate. So a manual change
 * never interleaves with a gate promotion or with another manual change: the second one fails at once
 * with {@link LockHeldException} naming the holder. The lease is renewed while the change runs and
 * released after it, whatever happened.
 */
public final class LockedChanges {

    /** Lease of a manual change: short, so a killed command blocks the trainer only briefly. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(LockedChanges.class);

    private final LeaseLock locks;
    private final String owner;
    private final Duration lease;

    /**
     * @param owner this process's name in the lock, unique per process (e.g. host, command and a random id)
     */
    public LockedChanges(LeaseLock locks, String owner, Duration lease) {
        this.locks = locks;
        this.owner = owner;
        this.lease = lease;
    }

    /**
     * @param operation what the change does, for messages, e.g. {@code promote}
     * @throws LockHeldException if another owner holds the workload's lock
     * @throws LockLostException if the lock was lost while the change ran (it may have interleaved with another)
     */
    public <T> T run(String workloadKey, String operation, Supplier<T> change) {
        LeaseLock.Attempt attempt = locks.tryAcquire(workloadKey, owner, lease);
        if (!attempt.acquired()) {
            throw new LockHeldException(operation, attempt.lease());
        }
        LeaseKeeper keeper = locks.keep(attempt.lease(), lease);
        try {
            T result = change.get();
            try {
                keeper.confirmHeld();
            } catch (LockLostException e) {
                throw new LockLostException(workloadKey, "cannot confirm that " + operation + " of " + workloadKey
                        + " ran alone: " + e.getMessage() + "; it was applied, check the versions with 'models list'");
            }
            return result;
        } finally {
            keeper.close();
            release(keeper.lease());
        }
    }

    private void release(Lease held) {
        try {
            locks.release(held);
        } catch (RegistryException e) {
            LOG.warnf("cannot release the lock of %s held by %s (it expires at %s): %s", held.workload(),
                    held.owner(), held.expiresAt(), e.getMessage());
        }
    }
}

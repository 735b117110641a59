package dev.prescient.common.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A per-workload lease lock kept as the object {@code <prefix>/locks/<namespace>/<name>.lock} in the
 * registry bucket, so two overlapping trainer runs never train the same workload at once.
 *
 * <p>Taking the lock writes it conditionally ({@code If-None-Match: *} when absent, {@code If-Match}
 * on the expired lock's ETag when taking one over) and reads it back to confirm the owner. A store
 * that ignores conditional writes leaves a race of one write-read round trip between two takers;
 * the read-back makes the loser see the winner in most interleavings but not all. Release deletes
 * the object only if it still names the owner and acquisition time (a read then a delete: another
 * run could take an expired lease in between, which only matters if the holder outlived its lease).
 * Release removes every version of the lock object, so the versioned bucket keeps no lock history
 * (and S3Mock, which counts a delete marker as an existing object for {@code If-None-Match}, lets
 * the next run create it).
 *
 * <p>A holder whose work may outlast the lease keeps it with {@link #keep}, which renews it every
 * third of the lease time ({@link #renew}: a conditional write on the ETag of the holder's own lock)
 * and reports through {@link LeaseKeeper#confirmHeld()} when it was lost.
 */
public final class LeaseLock {

    private static final Logger LOG = Logger.getLogger(LeaseLock.class);

    /**
     * The outcome of {@link #tryAcquire}.
     *
     * @param acquired whether the caller now holds the lock
     * @param lease the caller's lease if acquired, else the holder's
     */
    public record Attempt(boolean acquired, Lease lease) {
    }

    /** The holder reported when the lock object vanished. */
    static final String RELEASED = "(released)";

    private final LockObjects store;
    private final RegistryKeys keys;
    private final Clock clock;

    public LeaseLock(RegistrySettings settings, Clock clock) {
        this(new S3Store(settings), new RegistryKeys(settings.prefix()), clock);
    }

    LeaseLock(LockObjects store, RegistryKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    /** Takes the workload's lock for {@code leaseTime} unless another owner holds an unexpired lease. */
    public Attempt tryAcquire(String workloadKey, String owner, Duration leaseTime) {
        RegistryKeys.checkWorkload(workloadKey);
        checkLease(workloadKey, owner, leaseTime);
        store.ensureBucket();
        String key = keys.lock(workloadKey);
        Optional<S3Store.Stored> current = store.find(key);
        Instant now = clock.instant();
        if (current.isPresent()) {
            Lease held = LeaseCodec.read(workloadKey, current.get().bytes(), store.location(key));
            if (!held.expiredAt(now) && !held.owner().equals(owner)) {
                return new Attempt(false, held);
            }
        }
        Lease mine = new Lease(workloadKey, owner, now, now.plus(leaseTime));
        if (!store.putIf(key, LeaseCodec.write(mine), current.map(S3Store.Stored::etag).orElse(null))) {
            return new Attempt(false, holder(workloadKey, key, mine));
        }
        Lease readBack = holder(workloadKey, key, mine);
        boolean acquired = readBack.equals(mine);
        LOG.debugf("lock %s: %s", workloadKey, acquired ? "acquired by " + owner : "lost to " + readBack.owner());
        return new Attempt(acquired, readBack);
    }

    /**
     * Extends {@code held} to {@code leaseTime} from now, if the stored lock is still exactly {@code held}
     * (written on its ETag, then read back). Not renewed: the attempt names the holder instead, owner
     * {@value #RELEASED} if the lock object is gone.
     */
    public Attempt renew(Lease held, Duration leaseTime) {
        checkLease(held.workload(), held.owner(), leaseTime);
        String key = keys.lock(held.workload());
        Optional<S3Store.Stored> current = store.find(key);
        if (current.isEmpty()) {
            return new Attempt(false, released(held));
        }
        Lease stored = LeaseCodec.read(held.workload(), current.get().bytes(), store.location(key));
        if (!stored.equals(held)) {
            return new Attempt(false, stored);
        }
        Lease next = new Lease(held.workload(), held.owner(), held.acquiredAt(), clock.instant().plus(leaseTime));
        if (!store.putIf(key, LeaseCodec.write(next), current.get().etag())) {
            return new Attempt(false, holder(held.workload(), key, held));
        }
        Lease readBack = holder(held.workload(), key, held);
        return new Attempt(readBack.equals(next), readBack);
    }

    /** Renews {@code held} every third of {@code leaseTime} on a daemon thread until the keeper is closed. */
    public LeaseKeeper keep(Lease held, Duration leaseTime) {
        return keep(held, leaseTime, LeaseKeeper.Schedule.daemonThread("lease-" + held.workload()));
    }

    /** As {@link #keep(Lease, Duration)}, renewing on {@code schedule}. */
    public LeaseKeeper keep(Lease held, Duration leaseTime, LeaseKeeper.Schedule schedule) {
        checkLease(held.workload(), held.owner(), leaseTime);
        return new LeaseKeeper(this, held, leaseTime, clock, schedule);
    }

    /** Deletes the lock if it is still {@code lease}; does nothing if it expired and someone else took it. */
    public void release(Lease lease) {
        String key = keys.lock(lease.workload());
        Optional<S3Store.Stored> current = store.find(key);
        if (current.isEmpty()) {
            return;
        }
        Lease held = LeaseCodec.read(lease.workload(), current.get().bytes(), store.location(key));
        if (held.equals(lease)) {
            store.deleteAllVersionsOf(key);
        } else {
            LOG.warnf("not releasing lock %s: it is now held by %s until %s", lease.workload(), held.owner(),
                    held.expiresAt());
        }
    }

    /** The current holder; if the lock vanished in between, {@code fallback}'s workload is free and not ours. */
    private Lease holder(String workloadKey, String key, Lease fallback) {
        return store.find(key).map(s -> LeaseCodec.read(workloadKey, s.bytes(), store.location(key)))
                .orElse(released(fallback));
    }

    private static Lease released(Lease fallback) {
        return new Lease(fallback.workload(), RELEASED, fallback.acquiredAt(), fallback.acquiredAt());
    }

    private static void checkLease(String workloadKey, String owner, Duration leaseTime) {
        if (owner == null || owner.isBlank() || leaseTime == null || leaseTime.isNegative() || leaseTime.isZero()) {
            throw new IllegalArgumentException("cannot lock " + workloadKey + " for owner '" + owner + "' and lease "
                    + leaseTime + ": give a non-empty owner and a positive lease time");
        }
    }
}

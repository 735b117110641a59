package dev.prescient.actuator.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The leader-election state a {@code coordination.k8s.io} Lease holds, as read or to be written.
 *
 * @param holder {@code spec.holderIdentity}, empty when nobody holds it (released)
 * @param leaseDuration {@code spec.leaseDurationSeconds}; zero when unset
 * @param acquireTime {@code spec.acquireTime}: when the holder took it
 * @param renewTime {@code spec.renewTime}: the holder's wall clock at its last renewal; only ever compared for change,
 *                  never with another clock
 * @param transitions {@code spec.leaseTransitions}
 * @param resourceVersion the version read, so an update made from this record fails with 409 if the Lease changed;
 *                        null for a Lease to create
 */
public record LeaseRecord(String holder, Duration leaseDuration, Instant acquireTime, Instant renewTime,
                          int transitions, String resourceVersion) {

    public LeaseRecord {
        holder = holder == null ? "" : holder;
        leaseDuration = leaseDuration == null ? Duration.ZERO : leaseDuration;
        acquireTime = acquireTime == null ? Instant.EPOCH : acquireTime;
        renewTime = renewTime == null ? Instant.EPOCH : renewTime;
    }

    /** A new Lease held by {@code identity} from {@code now}. */
    public static LeaseRecord first(String identity, Duration leaseDuration, Instant now) {
        return new LeaseRecord(identity, leaseDuration, now, now, 0, null);
    }

    public boolean held() {
        return !holder.isEmpty();
    }

    public boolean heldBy(String identity) {
        return holder.equals(identity);
    }

    /** Renewed by its holder, or taken over (one more transition) by another candidate. */
    public LeaseRecord acquiredBy(String identity, Duration duration, Instant now) {
        boolean renewal = heldBy(identity);
        return new LeaseRecord(identity, duration, renewal ? acquireTime : now, now,
                renewal ? transitions : transitions + 1, resourceVersion);
    }

    /** Handed back: no holder, so the next candidate may take it at once. */
    public LeaseRecord released(Instant now) {
        return new LeaseRecord("", Duration.ofSeconds(1), now, now, transitions, resourceVersion);
    }

    /** Whether both records show the same lease state (the resourceVersion aside). */
    public boolean sameState(LeaseRecord other) {
        return other != null && holder.equals(other.holder) && leaseDuration.equals(other.leaseDuration)
                && acquireTime.equals(other.acquireTime) && renewTime.equals(other.renewTime)
                && transitions == other.transitions;
    }

    /** This record with the resourceVersion the API server gave it. */
    public LeaseRecord withResourceVersion(String version) {
        return Objects.equals(version, resourceVersion) ? this
                : new LeaseRecord(holder, leaseDuration, acquireTime, renewTime, transitions, version);
    }
}

package dev.prescient.actuator.kube;

import java.time.Duration;

/**
 * Leader election on a {@code coordination.k8s.io} Lease.
 *
 * @param namespace namespace of the Lease
 * @param name name of the Lease
 * @param identity this candidate's identity (its pod name)
 * @param leaseDuration how long a lease stays valid without renewal; a stopped leader is replaced after this
 * @param renewDeadline a leader that cannot renew within this gives up leading
 * @param retryPeriod time between two attempts to acquire or renew
 * @param releaseOnStop whether stopping hands the lease back at once (graceful shutdown)
 */
public record LeaseSettings(String namespace, String name, String identity, Duration leaseDuration,
                            Duration renewDeadline, Duration retryPeriod, boolean releaseOnStop) {

    public LeaseSettings {
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("leader election renew-deadline (" + renewDeadline
                    + ") must be shorter than lease-duration (" + leaseDuration + ")");
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("leader election retry-period (" + retryPeriod
                    + ") must be shorter than renew-deadline (" + renewDeadline + ")");
        }
    }
}

package dev.prescient.common.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A workload's training lock as stored in the bucket.
 *
 * @param workload {@code namespace/name}
 * @param owner who holds it, e.g. the trainer pod's name and a run id
 * @param acquiredAt when the owner took it
 * @param expiresAt after this instant anyone may take it over
 */
public record Lease(String workload, String owner, Instant acquiredAt, Instant expiresAt) {

    public Lease {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}

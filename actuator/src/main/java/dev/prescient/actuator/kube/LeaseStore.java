package dev.prescient.actuator.kube;

import java.util.Optional;

/**
 * Reads and writes one Lease. Writes are optimistic: an update carries the resourceVersion it was made from and
 * fails with a 409 {@link io.fabric8.kubernetes.client.KubernetesClientException} when the Lease changed since.
 */
public interface LeaseStore {

    /** The Lease, empty when it does not exist. */
    Optional<LeaseRecord> read();

    /** Creates the Lease; fails with 409 when it already exists. @return what the API server stored */
    LeaseRecord create(LeaseRecord record);

    /** Replaces the Lease; fails with 409 when {@code record.resourceVersion()} is stale. @return what was stored */
    LeaseRecord update(LeaseRecord record);

    /** {@code namespace/name}, for log lines. */
    String describe();
}

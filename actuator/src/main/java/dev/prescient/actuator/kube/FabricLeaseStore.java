package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@link LeaseStore} over the fabric8 client: the same {@code coordination.k8s.io/v1} Lease fields client-go and
 * fabric8's {@code LeaseLock} write, read without failing on a Lease whose fields were left unset. An update is a PUT
 * carrying the resourceVersion read, so the API server refuses it with 409 when the Lease changed in between.
 */
public final class FabricLeaseStore implements LeaseStore {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public FabricLeaseStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<LeaseRecord> read() {
        return Optional.ofNullable(lease().get()).map(FabricLeaseStore::record);
    }

    @Override
    public LeaseRecord create(LeaseRecord record) {
        return record(client.leases().inNamespace(namespace).resource(lease(record)).create());
    }

    @Override
    public LeaseRecord update(LeaseRecord record) {
        return record(client.leases().inNamespace(namespace).resource(lease(record)).update());
    }

    @Override
    public String describe() {
        return namespace + "/" + name;
    }

    private Resource<Lease> lease() {
        return client.leases().inNamespace(namespace).withName(name);
    }

    private Lease lease(LeaseRecord r) {
        return new LeaseBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withResourceVersion(r.resourceVersion())
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(r.held() ? r.holder() : null)
                .withLeaseDurationSeconds((int) Math.max(1, (r.leaseDuration().toMillis() + 999) / 1000))
                .withAcquireTime(ZonedDateTime.ofInstant(r.acquireTime(), ZoneOffset.UTC))
                .withRenewTime(ZonedDateTime.ofInstant(r.renewTime(), ZoneOffset.UTC))
                .withLeaseTransitions(r.transitions())
                .endSpec()
                .build();
    }

    private static LeaseRecord record(Lease lease) {
        LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
        return new LeaseRecord(spec.getHolderIdentity(),
                spec.getLeaseDurationSeconds() == null ? null : Duration.ofSeconds(spec.getLeaseDurationSeconds()),
                instant(spec.getAcquireTime()), instant(spec.getRenewTime()),
                spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
                lease.getMetadata().getResourceVersion());
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

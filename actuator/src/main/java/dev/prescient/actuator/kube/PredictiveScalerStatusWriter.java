package dev.prescient.actuator.kube;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.crd.PredictiveScaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Writes {@link DecisionStatus} to the {@code status} subresource of the workload's PredictiveScaler, with the facts
 * the reconciler handed over for the decision ({@link LatestFacts}).
 */
public final class PredictiveScalerStatusWriter implements StatusWriter {

    private static final Logger LOG = Logger.getLogger(PredictiveScalerStatusWriter.class);

    private final KubernetesClient client;
    private final DecisionStatus status;
    private final LatestFacts facts;

    /**
     * @param facts where the reconciler leaves what each decision was made from
     */
    public PredictiveScalerStatusWriter(KubernetesClient client, DecisionStatus status, LatestFacts facts) {
        this.client = client;
        this.status = status;
        this.facts = facts;
    }

    @Override
    public void decided(WorkloadSpec spec, Optional<Decision> decision, Instant at) {
        Optional<DecisionFacts> known = decision.flatMap(d -> facts.take(spec.key(), d));
        try {
            var resource = client.resources(PredictiveScaler.class).inNamespace(spec.namespace()).withName(spec.name());
            PredictiveScaler scaler = resource.get();
            if (scaler == null) {
                LOG.debugf("workload=%s has no PredictiveScaler (deleted since the tick began): no status written",
                        spec.key());
                return;
            }
            scaler.setStatus(status.after(scaler.getStatus(), scaler.getMetadata().getGeneration(), decision,
                    known, at));
            client.resource(scaler).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.warnf("workload=%s cannot write the status of PredictiveScaler %s (HTTP %d): %s; the decision stands "
                    + "and its Event tells it", spec.key(), spec.key(), e.getCode(), e.getMessage());
        }
    }
}

package dev.prescient.actuator.kube;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.crd.PredictiveScaler;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    /**
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses the read or the
     *     write: {@link dev.prescient.actuator.loop.QueuedStatus} counts it ({@code prescient_write_failures_total})
     *     and logs it, and a status not written is written with the next decision
     */
    @Override
    public void decided(WorkloadSpec spec, Optional<Decision> decision, Instant at) {
        Optional<DecisionFacts> known = decision.flatMap(d -> facts.take(spec.key(), d));
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
    }
}

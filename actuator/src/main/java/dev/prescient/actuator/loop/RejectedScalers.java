package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.DecisionStatus;
import dev.prescient.actuator.kube.ScalerWrites;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.catalog.Rejection;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A PredictiveScaler the catalogue leaves out (a spec the translator refuses, a target an older one already scales)
 * is not silently skipped: its status gets {@code Ready} False with the rejection's reason ({@code InvalidSpec},
 * {@code TargetConflict}) and a message naming every field at fault ({@link DecisionStatus#rejected}). Written only
 * when the status does not say so already, so an object that stays invalid costs no write per cycle.
 */
final class RejectedScalers {

    private static final Logger LOG = Logger.getLogger(RejectedScalers.class);

    private final ScalerWrites writes;
    private final DecisionStatus status;
    private final OnceReporter problems;

    RejectedScalers(ScalerWrites writes, DecisionStatus status, OnceReporter problems) {
        this.writes = writes;
        this.status = status;
        this.problems = problems;
    }

    /**
     * @param objects every PredictiveScaler watched
     * @param rejected the catalogue's rejections now, by key
     */
    void run(List<PredictiveScaler> objects, Map<String, Rejection> rejected, Instant now) {
        for (PredictiveScaler scaler : objects) {
            Rejection rejection = rejected.get(scaler.key());
            if (rejection == null || scaler.isMarkedForDeletion()) {
                continue;
            }
            String message = rejection.message(scaler.key());
            Long generation = scaler.getMetadata().getGeneration();
            if (DecisionStatus.saysRejected(scaler.getStatus(), generation, rejection.reason(), message)) {
                continue;
            }
            try {
                writes.writeStatus(scaler, status.rejected(writes.copyOfStatus(scaler), generation, rejection.reason(),
                        message, now));
                LOG.infof("PredictiveScaler %s: Ready=False (%s): %s", scaler.key(), rejection.reason(), message);
            } catch (TargetConflictException e) {
                LOG.debugf("PredictiveScaler %s changed while its status was written; again next cycle", scaler.key());
            } catch (TargetForbiddenException e) {
                problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                        () -> LOG.error(e.getMessage()));
            } catch (KubernetesClientException e) {
                LOG.warnf("cannot write the status of PredictiveScaler %s (HTTP %d): %s; again next cycle",
                        scaler.key(), e.getCode(), e.getMessage());
            }
        }
    }
}

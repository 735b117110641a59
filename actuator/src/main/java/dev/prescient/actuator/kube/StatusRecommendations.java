package dev.prescient.actuator.kube;

import dev.prescient.common.policy.PastDecision;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.Recommendation;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The recommendations a previous leader wrote in a PredictiveScaler's status, read back when this actuator meets
 * the workload first, so its scale-down stabilisation continues where the previous leader stopped. Read from the
 * catalogue's watch cache ({@link #fromCatalog}), which holds every PredictiveScaler with its status: a new leader's
 * first tick over a thousand workloads then makes no request for them; or with one GET per workload
 * ({@link #fromApi}).
 */
public final class StatusRecommendations {

    private static final Logger LOG = Logger.getLogger(StatusRecommendations.class);

    private final Function<String, Optional<PredictiveScaler>> lookup;

    private StatusRecommendations(Function<String, Optional<PredictiveScaler>> lookup) {
        this.lookup = lookup;
    }

    /** Reads each PredictiveScaler from the API server. */
    public static StatusRecommendations fromApi(KubernetesClient client) {
        return new StatusRecommendations(workload -> {
            String[] key = workload.split("/", 2);
            return Optional.ofNullable(client.resources(PredictiveScaler.class).inNamespace(key[0]).withName(key[1])
                    .get());
        });
    }

    /** Reads each PredictiveScaler as the catalogue last watched it. */
    public static StatusRecommendations fromCatalog(KubernetesWorkloadCatalog catalog) {
        return new StatusRecommendations(catalog::object);
    }

    /**
     * @param workload {@code namespace/name}, which is the PredictiveScaler's
     * @return the recommendations in its status, oldest first; empty when it has none or cannot be read
     */
    public List<PastDecision> recent(String workload) {
        try {
            PredictiveScaler scaler = lookup.apply(workload).orElse(null);
            if (scaler == null || scaler.getStatus() == null || scaler.getStatus().getRecentRecommendations() == null) {
                return List.of();
            }
            List<PastDecision> past = new ArrayList<>();
            for (Recommendation r : scaler.getStatus().getRecentRecommendations()) {
                past.add(new PastDecision(Instant.parse(r.getTime()), r.getReplicas()));
            }
            LOG.debugf("workload=%s continues the stabilisation window of the status: %d recommendation(s)", workload,
                    past.size());
            return past;
        } catch (KubernetesClientException | DateTimeParseException | NullPointerException e) {
            LOG.warnf("workload=%s cannot read the recommendations of its PredictiveScaler's status (%s): its "
                    + "stabilisation window starts empty", workload, e.toString());
            return List.of();
        }
    }
}

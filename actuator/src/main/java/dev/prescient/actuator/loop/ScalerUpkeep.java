package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.LeadershipLostException;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * The PredictiveScalers' own upkeep, once per cycle before the tick and on the leader only: their finalizer added,
 * the deletions it holds finished ({@link DeletionFinalizer}), and the objects the catalogue leaves out marked not
 * ready ({@link RejectedScalers}). Nothing for a workloads file. Whatever it meets, the tick still runs.
 */
public final class ScalerUpkeep {

    private static final Logger LOG = Logger.getLogger(ScalerUpkeep.class);

    /** For a workloads file: there are no PredictiveScalers to keep. */
    public static final ScalerUpkeep NONE = new ScalerUpkeep(null, null, null, null);

    private final KubernetesWorkloadCatalog catalog;
    private final Leadership leadership;
    private final DeletionFinalizer finalizer;
    private final RejectedScalers rejected;

    ScalerUpkeep(KubernetesWorkloadCatalog catalog, Leadership leadership, DeletionFinalizer finalizer,
                 RejectedScalers rejected) {
        this.catalog = catalog;
        this.leadership = leadership;
        this.finalizer = finalizer;
        this.rejected = rejected;
    }

    public void run(Instant now) {
        if (catalog == null || !leadership.isLeader()) {
            return;
        }
        try {
            List<PredictiveScaler> objects = catalog.objects();
            finalizer.run(objects, catalog.all());
            rejected.run(objects, catalog.rejected(), now);
        } catch (LeadershipLostException e) {
            LOG.warnf("PredictiveScaler upkeep stopped: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "PredictiveScaler upkeep failed unexpectedly; it runs again next cycle");
        }
    }
}

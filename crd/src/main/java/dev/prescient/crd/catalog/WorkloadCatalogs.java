package dev.prescient.crd.catalog;

import dev.prescient.common.config.WorkloadCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Opens the {@link WorkloadCatalog} that {@code prescient.catalog.source} names; the one place that knows both. */
public final class WorkloadCatalogs {

    private static final Logger LOG = Logger.getLogger(WorkloadCatalogs.class);

    private WorkloadCatalogs() {
    }

    /**
     * @param file the workloads.yaml of a {@code file} catalogue (asked for only then)
     * @param client the API client of a {@code kubernetes} catalogue (asked for only then)
     * @throws dev.prescient.common.config.WorkloadConfigException listing every problem of the file
     * @throws IllegalStateException when the PredictiveScalers cannot be listed
     */
    public static WorkloadCatalog open(CatalogConfig config, Supplier<Path> file, Supplier<KubernetesClient> client) {
        if (config.source() == CatalogConfig.Source.KUBERNETES) {
            LOG.infof("workload catalogue: the PredictiveScalers of %s (prescient.catalog.source=kubernetes)",
                    config.namespace().map(ns -> "namespace " + ns).orElse("all namespaces"));
            return new KubernetesWorkloadCatalog(client.get(), config.namespace()).start(config.syncTimeout());
        }
        Path path = file.get();
        LOG.infof("workload catalogue: %s (prescient.catalog.source=file)", path);
        return WorkloadCatalog.load(path);
    }

    /** Stops watching, for a catalogue that watches. */
    public static void close(WorkloadCatalog catalog) {
        if (catalog instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf(e, "cannot close the workload catalogue");
            }
        }
    }
}

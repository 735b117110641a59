package dev.prescient.common.config;

import dev.prescient.common.model.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The workloads Prescient forecasts and scales, wherever they are declared: a workloads.yaml file (the local stack,
 * the backtest, the CLI; {@link WorkloadConfig}) or the PredictiveScaler objects of a cluster (module {@code crd}),
 * chosen by {@code prescient.catalog.source}. Code that uses the workloads sees only this interface.
 *
 * <p>Each call answers for now: a watched source changes between calls, so ask again every cycle rather than keep
 * the list.
 */
public interface WorkloadCatalog {

    /** Every valid workload, in a stable order (file order, or by key). */
    List<WorkloadSpec> all();

    /** The workload whose key ({@code namespace/name}) is {@code key}. */
    default Optional<WorkloadSpec> find(String key) {
        return all().stream().filter(w -> w.key().equals(key)).findFirst();
    }

    /**
     * @throws IllegalArgumentException naming the key and the known keys when there is no such workload
     */
    default WorkloadSpec get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(
                "no workload '" + key + "' in the catalogue; known workloads: " + String.join(", ", keys())));
    }

    /** Keys in the catalogue's order. */
    default List<String> keys() {
        return all().stream().map(WorkloadSpec::key).toList();
    }

    /**
     * The workloads of a workloads.yaml file, read once.
     *
     * @throws WorkloadConfigException naming the path when the file is missing, unreadable or invalid
     */
    static WorkloadCatalog load(Path file) {
        return WorkloadConfigLoader.load(file);
    }
}

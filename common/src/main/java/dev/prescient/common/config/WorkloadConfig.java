package dev.prescient.common.config;

import dev.prescient.common.model.WorkloadSpec;
import java.util.List;
import java.util.Optional;

/**
 * The validated workloads of one configuration file, in file order, keys unique: the file's {@link WorkloadCatalog}.
 *
 * @param workloads at least one workload
 */
public record WorkloadConfig(List<WorkloadSpec> workloads) implements WorkloadCatalog {

    public WorkloadConfig {
        workloads = List.copyOf(workloads);
    }

    @Override
    public List<WorkloadSpec> all() {
        return workloads;
    }

    /** The workload whose key ({@code namespace/name}) is {@code key}. */
    @Override
    public Optional<WorkloadSpec> find(String key) {
        return workloads.stream().filter(w -> w.key().equals(key)).findFirst();
    }

    /**
     * @throws IllegalArgumentException naming the key and the known keys when there is no such workload
     */
    @Override
    public WorkloadSpec get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(
                "no workload '" + key + "' in the configuration; known workloads: " + String.join(", ", keys())));
    }

    /** Keys in file order. */
    @Override
    public List<String> keys() {
        return workloads.stream().map(WorkloadSpec::key).toList();
    }
}

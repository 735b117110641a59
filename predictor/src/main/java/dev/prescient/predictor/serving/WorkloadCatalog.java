package dev.prescient.predictor.serving;

import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.model.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The configured workloads, read once at start-up from {@code prescient.predictor.workloads-file}. */
public final class WorkloadCatalog {

    private final WorkloadConfig config;

    public WorkloadCatalog(WorkloadConfig config) {
        this.config = config;
    }

    /**
     * @throws dev.prescient.common.config.WorkloadConfigException listing every problem of the file
     */
    public static WorkloadCatalog load(Path file) {
        return new WorkloadCatalog(WorkloadConfigLoader.load(file));
    }

    public Optional<WorkloadSpec> find(String key) {
        return config.find(key);
    }

    public List<WorkloadSpec> all() {
        return config.workloads();
    }

    public List<String> keys() {
        return config.keys();
    }
}

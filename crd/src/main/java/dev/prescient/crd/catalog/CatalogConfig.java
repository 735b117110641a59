package dev.prescient.crd.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code prescient.catalog.*}: where the three services find the workloads. */
@ConfigMapping(prefix = "prescient.catalog")
public interface CatalogConfig {

    /** Where the workloads are declared. */
    enum Source {
        /** A workloads.yaml file, read once at start-up (the service's {@code workloads-file} or {@code --config}). */
        FILE,
        /** The PredictiveScaler objects of the cluster, watched. */
        KUBERNETES
    }

    /** {@code file} (the default: the local stack, the backtest, the CLI) or {@code kubernetes}. */
    @WithDefault("file")
    Source source();

    /** With {@code kubernetes}: the one namespace whose PredictiveScalers count; absent: all namespaces. */
    Optional<String> namespace();

    /** With {@code kubernetes}: how long start-up waits for the first list of PredictiveScalers. */
    @WithDefault("60s")
    Duration syncTimeout();
}

package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.config.WorkloadConfigException;
import dev.prescient.common.forecast.lstm.LstmConfig;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.PromotionGate;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import dev.prescient.common.series.prometheus.PrometheusSettings;
import dev.prescient.trainer.cli.models.RegistryOptions;
import dev.prescient.trainer.training.LockedTraining;
import dev.prescient.trainer.training.ModelTraining;
import dev.prescient.trainer.training.Pushgateway;
import dev.prescient.trainer.training.Shard;
import dev.prescient.trainer.training.SizingTraining;
import dev.prescient.trainer.training.TrainingJob;
import dev.prescient.trainer.training.TrainingLog;
import dev.prescient.trainer.training.WorkloadResult;
import dev.prescient.crd.catalog.CatalogConfig;
import dev.prescient.crd.catalog.WorkloadCatalogs;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the CronJob runs: trains, stores and gates a model per workload; one JSON line per workload. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train each workload's model on its Prometheus history, store it and promote it if it passes"
                + " the gate. Skips a workload whose lock another run holds. With --shard (or in an Indexed Job),"
                + " trains only that shard's workloads. Prints one JSON line per workload; exit code 1 if any"
                + " failed or was locked.")
public class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    PrometheusOptions prometheusOptions;

    @Mixin
    ShardOptions shardOptions;

    @Option(names = "--config", description = "Workload configuration file (workloads.yaml); leave out to train the "
            + "PredictiveScalers of the cluster (prescient.catalog.source=kubernetes).")
    Path config;

    /** Where the workloads are when {@code --config} is not given; null when the command is built by hand. */
    @Inject
    CatalogConfig catalogConfig;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Option(names = "--workload", paramLabel = "NAMESPACE/NAME", description = "Train only this workload.")
    String workload;

    @Option(names = "--end", description = "End of the training history, ISO-8601 (default: now).")
    Instant end;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-epochs", description = "Upper bound on lstm training epochs (default: the lstm's, "
            + "60 with early stopping). A low value trains a quick, weaker model.")
    Integer maxEpochs;

    @Option(names = "--actuator-interval", defaultValue = "${env:PRESCIENT_ACTUATOR_INTERVAL:-5m}",
            converter = DurationConverter.class,
            description = "The actuator's decision interval the sizing is learnt for; must equal"
                    + " prescient.actuator.interval (env PRESCIENT_ACTUATOR_INTERVAL, the actuator's own variable;"
                    + " default 5m). Whole minutes.")
    Duration actuatorInterval;

    @Option(names = "--lock-lease", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long a workload's training lock holds without renewal; the run renews it every third"
                    + " of this while it trains (default ${DEFAULT-VALUE}).")
    Duration lockLease;

    @Option(names = "--lock-owner", description = "Name of this run in the locks (default: $HOSTNAME/<random id>).")
    String lockOwner;

    @Option(names = "--pushgateway-url", defaultValue = "${env:PRESCIENT_PUSHGATEWAY_URL}",
            description = "Prometheus Pushgateway root; if set, each workload's training metrics are pushed there"
                    + " (env PRESCIENT_PUSHGATEWAY_URL).")
    URI pushgatewayUrl;

    /** Opens the history source; replaced in tests. */
    Function<PrometheusSettings, HistorySource> historySources = PrometheusHistorySource::create;

    /** What a run needs, built and checked before any workload trains. */
    private record Setup(Shard shard, List<WorkloadSpec> workloads, LockedTraining training, HistorySource history) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Setup setup;
        try {
            setup = setUp(err);
        } catch (IllegalArgumentException | WorkloadConfigException e) {
            err.println("train: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("train: " + e.getMessage()); // the cluster could not be read: worth a retry
            return 1;
        }
        try {
            return trainAll(setup.shard(), setup.workloads(), setup.training());
        } finally {
            if (setup.history() instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    /**
     * @throws IllegalArgumentException naming the option when a setting is missing or invalid
     */
    private Setup setUp(PrintWriter err) {
        WorkloadCatalog all = catalog();
        Shard shard = shardOptions.shard(workload != null);
        List<WorkloadSpec> workloads = workload == null ? shard.select(all.all()) : List.of(all.get(workload));
        PrometheusSettings prometheus = prometheusOptions.settings();
        ModelTraining training = training();
        SizingTraining sizing = sizing();
        if (lockLease.isNegative() || lockLease.isZero()) {
            throw new IllegalArgumentException("--lock-lease must be positive, got " + lockLease);
        }
        ModelRegistry registry = registryOptions.open();
        LeaseLock locks = registryOptions.openLock();
        HistorySource history = historySources.apply(prometheus);
        TrainingJob job = new TrainingJob(history, registry, training, sizing, new PromotionGate(),
                Map.of(TrainingJob.TYPE, new LstmModelLoader()), seed);
        if (shard.count() > 1) {
            err.println("train: shard " + shard + " holds " + workloads.size() + " of " + all.all().size()
                    + " workloads");
            err.flush();
        }
        return new Setup(shard, workloads, new LockedTraining(job, locks, owner(), lockLease,
                warning -> err.println("train: " + warning)), history);
    }

    /**
     * The workloads of {@code --config}, else those of the cluster's PredictiveScalers as they are now.
     *
     * @throws IllegalArgumentException when neither is set
     * @throws IllegalStateException when the cluster's PredictiveScalers cannot be listed
     */
    private WorkloadCatalog catalog() {
        if (config != null) {
            return WorkloadCatalog.load(config);
        }
        if (catalogConfig == null || catalogConfig.source() != CatalogConfig.Source.KUBERNETES) {
            throw new IllegalArgumentException("give --config (a workloads.yaml), or set prescient.catalog.source="
                    + "kubernetes (PRESCIENT_CATALOG_SOURCE) to train the PredictiveScalers of the cluster");
        }
        WorkloadCatalog cluster = WorkloadCatalogs.open(catalogConfig, () -> config, kubernetes::get);
        try {
            List<WorkloadSpec> now = List.copyOf(cluster.all()); // one run trains the workloads of its start
            return () -> now;
        } finally {
            WorkloadCatalogs.close(cluster);
        }
    }

    private int trainAll(Shard shard, List<WorkloadSpec> workloads, LockedTraining training) {
        PrintWriter out = spec.commandLine().getOut();
        Pushgateway push = pushgatewayUrl == null ? null : new Pushgateway(pushgatewayUrl, Duration.ofSeconds(10));
        Instant until = end == null ? Instant.now() : end;
        int failed = 0;
        for (WorkloadSpec w : workloads) {
            WorkloadResult result = training.run(w, until);
            failed += result.ok() ? 0 : 1;
            TrainingLog.log(result);
            out.println(json(shard, result));
            out.flush();
            if (push != null) {
                push(push, result);
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** A failed push is reported on stderr and does not change the exit code: the training happened. */
    private void push(Pushgateway push, WorkloadResult result) {
        try {
            push.push(result, Instant.now());
        } catch (IOException e) {
            spec.commandLine().getErr().println("train: " + e.getMessage());
        }
    }

    private ModelTraining training() {
        if (maxEpochs == null) {
            return ModelTraining.standard();
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("--max-epochs must be at least 1, got " + maxEpochs);
        }
        return ModelTraining.standard(LstmConfig.defaults().withMaxEpochs(maxEpochs));
    }

    private SizingTraining sizing() {
        try {
            return new SizingTraining(actuatorInterval);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--actuator-interval (PRESCIENT_ACTUATOR_INTERVAL): " + e.getMessage(), e);
        }
    }

    private String owner() {
        if (lockOwner != null && !lockOwner.isBlank()) {
            return lockOwner.strip();
        }
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "trainer" : host) + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The result with the shard that trained it right after the workload, e.g. {@code "shard":"2/4"}. */
    private static String json(Shard shard, WorkloadResult result) {
        ObjectNode line = JSON.createObjectNode();
        line.put("workload", result.workload());
        line.put("shard", shard.toString());
        line.setAll((ObjectNode) JSON.valueToTree(result));
        try {
            return JSON.writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the training summary of " + result.workload(), e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing the history client cannot change the outcome of the run
        }
    }
}

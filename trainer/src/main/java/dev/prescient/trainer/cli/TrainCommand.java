package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.config.WorkloadConfigException;
import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.Lease;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.PromotionGate;
import dev.prescient.common.registry.RegistryException;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import dev.prescient.common.series.prometheus.PrometheusSettings;
import dev.prescient.trainer.cli.models.RegistryOptions;
import dev.prescient.trainer.training.ModelTraining;
import dev.prescient.trainer.training.TrainingJob;
import dev.prescient.trainer.training.WorkloadResult;
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
                + " the gate. Skips a workload whose lock another run holds. Prints one JSON line per workload;"
                + " exit code 1 if any failed or was locked.")
public class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registryOptions;

    @Option(names = "--config", required = true, description = "Workload configuration file (workloads.yaml).")
    Path config;

    @Option(names = "--workload", paramLabel = "NAMESPACE/NAME", description = "Train only this workload.")
    String workload;

    @Option(names = "--prometheus-url", defaultValue = "${env:PRESCIENT_PROMETHEUS_URL}",
            description = "Prometheus root URL (env PRESCIENT_PROMETHEUS_URL).")
    String prometheusUrl;

    @Option(names = "--end", description = "End of the training history, ISO-8601 (default: now).")
    Instant end;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lock-lease", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long a workload's training lock holds before another run may take it over; longer"
                    + " than one workload's training (default ${DEFAULT-VALUE}).")
    Duration lockLease;

    @Option(names = "--lock-owner", description = "Name of this run in the locks (default: $HOSTNAME/<random id>).")
    String lockOwner;

    /** Opens the history source; replaced in tests. */
    Function<PrometheusSettings, HistorySource> historySources = PrometheusHistorySource::create;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<WorkloadSpec> workloads;
        ModelRegistry registry;
        LeaseLock locks;
        PrometheusSettings prometheus;
        try {
            workloads = selected(WorkloadConfigLoader.load(config));
            prometheus = prometheusSettings();
            registry = registryOptions.open();
            locks = registryOptions.openLock();
        } catch (IllegalArgumentException | WorkloadConfigException e) {
            err.println("train: " + e.getMessage());
            return 2;
        }
        HistorySource history = historySources.apply(prometheus);
        try {
            return trainAll(workloads, history, registry, locks, out);
        } finally {
            if (history instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    private int trainAll(List<WorkloadSpec> workloads, HistorySource history, ModelRegistry registry,
                         LeaseLock locks, PrintWriter out) {
        TrainingJob job = new TrainingJob(history, registry, ModelTraining.standard(), new PromotionGate(),
                Map.of(TrainingJob.TYPE, new LstmModelLoader()), seed);
        Instant until = end == null ? Instant.now() : end;
        String owner = owner();
        int failed = 0;
        for (WorkloadSpec w : workloads) {
            WorkloadResult result = trainLocked(job, locks, owner, w, until);
            failed += result.ok() ? 0 : 1;
            out.println(json(result));
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    /** Trains {@code w} while holding its lock; reports it locked if another run holds it. */
    private WorkloadResult trainLocked(TrainingJob job, LeaseLock locks, String owner, WorkloadSpec w,
                                       Instant until) {
        LeaseLock.Attempt attempt;
        try {
            attempt = locks.tryAcquire(w.key(), owner, lockLease);
        } catch (RegistryException e) {
            return WorkloadResult.lockFailed(w.key(), e.getMessage());
        }
        if (!attempt.acquired()) {
            return WorkloadResult.locked(w.key(), attempt.lease().owner(), attempt.lease().expiresAt());
        }
        try {
            return job.run(w, until);
        } finally {
            releaseQuietly(locks, attempt.lease());
        }
    }

    private String owner() {
        if (lockOwner != null && !lockOwner.isBlank()) {
            return lockOwner.strip();
        }
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "trainer" : host) + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void releaseQuietly(LeaseLock locks, Lease lease) {
        try {
            locks.release(lease);
        } catch (RegistryException e) {
            spec.commandLine().getErr().println("train: cannot release the lock of " + lease.workload() + " (it "
                    + "expires at " + lease.expiresAt() + "): " + e.getMessage());
        }
    }

    private List<WorkloadSpec> selected(WorkloadConfig all) {
        return workload == null ? all.workloads() : List.of(all.get(workload));
    }

    private PrometheusSettings prometheusSettings() {
        if (prometheusUrl == null || prometheusUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "no Prometheus URL: pass --prometheus-url or set PRESCIENT_PROMETHEUS_URL, e.g. http://prometheus:9090");
        }
        return PrometheusSettings.of(URI.create(prometheusUrl.strip()));
    }

    private static String json(WorkloadResult result) {
        try {
            return JSON.writeValueAsString(result);
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

package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.config.WorkloadConfigException;
import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.PromotionGate;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
                + " the gate. Prints one JSON line per workload; exit code 1 if any failed.")
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

    /** Opens the history source; replaced in tests. */
    Function<PrometheusSettings, HistorySource> historySources = PrometheusHistorySource::create;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<WorkloadSpec> workloads;
        ModelRegistry registry;
        PrometheusSettings prometheus;
        try {
            workloads = selected(WorkloadConfigLoader.load(config));
            prometheus = prometheusSettings();
            registry = registryOptions.open();
        } catch (IllegalArgumentException | WorkloadConfigException e) {
            err.println("train: " + e.getMessage());
            return 2;
        }
        HistorySource history = historySources.apply(prometheus);
        try {
            return trainAll(workloads, history, registry, out);
        } finally {
            if (history instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    private int trainAll(List<WorkloadSpec> workloads, HistorySource history, ModelRegistry registry,
                         PrintWriter out) {
        TrainingJob job = new TrainingJob(history, registry, ModelTraining.standard(), new PromotionGate(),
                Map.of(TrainingJob.TYPE, new LstmModelLoader()), seed);
        Instant until = end == null ? Instant.now() : end;
        int failed = 0;
        for (WorkloadSpec w : workloads) {
            WorkloadResult result = job.run(w, until);
            failed += result.ok() ? 0 : 1;
            out.println(json(result));
            out.flush();
        }
        return failed == 0 ? 0 : 1;
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

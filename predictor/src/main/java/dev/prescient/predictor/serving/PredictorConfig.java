package dev.prescient.predictor.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code prescient.predictor.*}: what the predictor serves and how. Checked at start-up by
 * {@link #validate()}; a bad value stops the process with a message naming the key.
 */
@ConfigMapping(prefix = "prescient.predictor")
public interface PredictorConfig {

    /** The workloads YAML file (see {@code config/workloads.example.yaml}). */
    String workloadsFile();

    /** How often the registry is asked for each workload's production version. */
    @WithDefault("60s")
    Duration pollInterval();

    /** Where downloaded models are kept, one directory per workload and version, so a restart needs no download. */
    @WithDefault("/tmp/prescient-predictor/models")
    String modelCacheDir();

    /**
     * How much history is fetched for a forecast; the model's own need is added when it is longer.
     * Two days give the seasonal-naive fallback a day of errors for its p90.
     */
    @WithDefault("2d")
    Duration historyWindow();

    /**
     * How much of a workload's kept history is queried again with each step's newest points (late samples, a rate
     * still moving); the rest of the window is reused from the previous step, not queried again. Never less than
     * {@code prescient.prometheus.max-interpolated-gap}, so a short gap at the edge is filled as a whole fetch fills it.
     */
    @WithDefault("10m")
    Duration historyRefetch();

    /**
     * Whether {@code GET /forecast} makes a forecast once per workload, step, model version and horizon and
     * answers repeated calls within the step with it; {@code false} runs the model on every call.
     */
    @WithDefault("true")
    boolean forecastCache();

    /**
     * Whether each workload's history and default-horizon forecast for the next step are made shortly
     * before it starts, ahead of requests (needs {@code forecast-cache}).
     */
    @WithDefault("true")
    boolean prefetch();

    /**
     * How many workloads the step job prepares at once (history query and forecast); empty means one per CPU the JVM
     * sees. With thousands of workloads one thread does not finish within the lead before each step.
     */
    Optional<Integer> stepJobThreads();

    /** The step job's threads: {@link #stepJobThreads()} or one per CPU. */
    default int stepJobThreadCount() {
        return stepJobThreads().orElse(Runtime.getRuntime().availableProcessors());
    }

    /** Horizon when a request names none; empty means each workload's configured {@code horizon}. */
    Optional<Duration> defaultHorizon();

    /**
     * Most models loaded in memory at once. A workload's model is loaded on its first request; loading one more
     * evicts the least recently used (closed once requests using it finish). In the benchmark each loaded LSTM
     * took about 0.07 MB of RSS (predictor/README.md, Benchmark).
     */
    @WithDefault("500")
    int maxLoadedModels();

    /**
     * Most {@code POST /forecast} requests read and computed at once; each holds up to 100,000 values and runs a
     * model on them. A request beyond this answers 503 {@code busy} at once, without its body being read.
     */
    @WithDefault("2")
    int maxConcurrentPosts();

    /**
     * Most workloads one {@code POST /forecasts} may ask for; a longer list is refused 413 {@code too-many-workloads}
     * naming this limit (the caller splits it).
     */
    @WithDefault("1000")
    int maxBatchWorkloads();

    /** Who may call {@code /forecast} and {@code /workloads}. */
    Auth auth();

    /** Bearer-token authentication; off unless a token file is set. */
    interface Auth {

        /**
         * File holding the token (e.g. a mounted Secret's key), read at start-up; when set, {@code /forecast}
         * and {@code /workloads} answer 401 without {@code Authorization: Bearer <token>}. Health and metrics stay
         * open. Surrounding whitespace (a trailing newline) is not part of the token.
         */
        Optional<String> tokenFile();
    }

    /**
     * @throws IllegalArgumentException naming the key when a value is out of range
     */
    default void validate() {
        if (maxConcurrentPosts() < 1) {
            throw new IllegalArgumentException("prescient.predictor.max-concurrent-posts must be at least 1, got "
                    + maxConcurrentPosts());
        }
        if (maxBatchWorkloads() < 1) {
            throw new IllegalArgumentException("prescient.predictor.max-batch-workloads must be at least 1, got "
                    + maxBatchWorkloads());
        }
        positive("prescient.predictor.poll-interval", pollInterval());
        positive("prescient.predictor.history-window", historyWindow());
        positive("prescient.predictor.history-refetch", historyRefetch());
        if (stepJobThreads().isPresent() && stepJobThreads().get() < 1) {
            throw new IllegalArgumentException("prescient.predictor.step-job-threads must be at least 1, got "
                    + stepJobThreads().get() + "; leave it unset for one per CPU");
        }
        defaultHorizon().ifPresent(h -> positive("prescient.predictor.default-horizon", h));
        if (maxLoadedModels() < 1) {
            throw new IllegalArgumentException("prescient.predictor.max-loaded-models must be at least 1, got "
                    + maxLoadedModels());
        }
        if (workloadsFile().isBlank()) {
            throw new IllegalArgumentException("prescient.predictor.workloads-file is empty; set it to the workloads "
                    + "YAML file, e.g. /etc/prescient/workloads.yaml");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }
}

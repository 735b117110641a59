package dev.prescient.trainer.training;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.GateDecision;
import dev.prescient.common.registry.LockLostException;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.PromotionGate;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * What the trainer CronJob does for one workload: fetch {@code history} plus the calibration span → train on the
 * newest {@code history} → learn the sizing on the calibration span ({@link SizingTraining}) → store the model and its
 * {@code sizing.json} as candidate → gate against seasonal-naive, the production version on the same window and the
 * workload's SLO → promote or record why not.
 */
public final class TrainingJob {

    private static final Logger LOG = Logger.getLogger(TrainingJob.class);
    public static final String TYPE = "lstm";
    /** The reason tag of a candidate stored by a run that then lost its lock. */
    public static final String NOT_GATED = "not gated: the training run lost its lock before the gate";

    private final HistorySource history;
    private final ModelRegistry registry;
    private final ModelTraining training;
    private final SizingTraining sizing;
    private final PromotionGate gate;
    private final Map<String, ModelLoader> loaders;
    private final long seed;

    public TrainingJob(HistorySource history, ModelRegistry registry, ModelTraining training, SizingTraining sizing,
                       PromotionGate gate, Map<String, ModelLoader> loaders, long seed) {
        this.history = history;
        this.registry = registry;
        this.training = training;
        this.sizing = sizing;
        this.gate = gate;
        this.loaders = Map.copyOf(loaders);
        this.seed = seed;
    }

    /** Confirms that this run still holds the workload's training lock. */
    @FunctionalInterface
    public interface LockCheck {

        /**
         * @throws LockLostException if the lock was lost
         */
        void confirmHeld();
    }

    /**
     * Trains the workload on its history up to {@code end}; never throws, a failure is in the result.
     * {@code lock} is confirmed right before the candidate is stored and right before it is promoted or
     * tagged, so a run that lost its lock neither stores nor promotes after that.
     */
    public WorkloadResult run(WorkloadSpec spec, Instant end, LockCheck lock) {
        long start = System.nanoTime();
        String key = spec.key();
        String version = null;
        Map<String, ValidationMetrics> metrics = Map.of();
        try {
            TimeSeries fetched = fetch(spec, end);
            TimeSeries series = newest(fetched, spec.historySteps());
            ForecastSettings settings = ForecastSettings.daily(spec.step(), spec.horizonSteps(), seed);
            LearntSizing learnt;
            try (TrainedModel trained = training.train(key, TYPE, series, settings)) {
                metrics = trained.validation();
                learnt = sizing.learn(training.forecaster(TYPE), spec, fetched, fetchServed(spec, end), settings);
                lock.confirmHeld();
                version = store(key, trained, learnt);
            }
            OptionalDouble productionMase = productionMase(key, version, series, settings);
            GateDecision decision = gate.decide(TYPE, metrics, productionMase, learnt.sizing());
            lock.confirmHeld();
            if (decision.promote()) {
                registry.promote(key, version, decision.reason());
            } else {
                registry.setStage(key, version, Stage.CANDIDATE, decision.reason());
            }
            return WorkloadResult.trained(key, version, metrics,
                    productionMase.isPresent() ? productionMase.getAsDouble() : null, decision.promote(),
                    decision.reason(), seconds(start), learnt);
        } catch (LockLostException e) {
            markNotGated(key, version);
            return WorkloadResult.lockLost(key, version, metrics, seconds(start), "cannot train " + key + ": "
                    + e.getMessage() + (version == null ? "; nothing was stored"
                    : "; version " + version + " stays a candidate and was not gated"));
        } catch (RuntimeException e) {
            LOG.debugf(e, "training %s failed", key);
            return WorkloadResult.failed(key, version, metrics, seconds(start),
                    "cannot train " + key + ": " + e.getMessage());
        }
    }

    /** Records on a stored candidate why it was not gated; best effort, it is a candidate either way. */
    private void markNotGated(String key, String version) {
        if (version == null) {
            return;
        }
        try {
            registry.setStage(key, version, Stage.CANDIDATE, NOT_GATED);
        } catch (RuntimeException e) {
            LOG.warnf("cannot record on %s %s that it was not gated: %s", key, version, e.getMessage());
        }
    }

    /**
     * The workload's {@code history} plus the calibration span before {@code end} (in hpa-floor mode, at least two
     * weeks: {@link SizingTraining#readFor}), on the grid the history alone had. The history source's errors name
     * the query, the range and the server.
     */
    private TimeSeries fetch(WorkloadSpec spec, Instant end) {
        Duration range = SizingTraining.readFor(spec);
        return history.fetch(new HistoryQuery(spec.query(), end.minus(range), end, spec.step())).series();
    }

    /**
     * The demand the SLO is judged on ({@code slo.demandQuery}) over the range {@link #fetch} reads, when the workload
     * gives one; its errors name the query like the history's.
     */
    private Optional<TimeSeries> fetchServed(WorkloadSpec spec, Instant end) {
        return spec.slo().demandQuery().map(q -> history.fetch(new HistoryQuery(q,
                end.minus(SizingTraining.readFor(spec)), end, spec.step())).series());
    }

    /** The newest {@code steps} of the series: what the production model trains and is validated on. */
    private static TimeSeries newest(TimeSeries series, int steps) {
        return series.size() <= steps ? series : series.slice(series.size() - steps, series.size());
    }

    private String store(String key, TrainedModel trained, LearntSizing learnt) {
        Path dir = tempDir("prescient-candidate-");
        try {
            ModelArtifacts.save(trained.model(), dir, trained.annotate(), Clock.systemUTC());
            learnt.sizing().ifPresent(s -> ModelArtifacts.addSizing(dir, s));
            return registry.upload(key, dir);
        } finally {
            delete(dir);
        }
    }

    /** Production's MASE on the candidate's validation window, empty if nothing else serves. */
    private OptionalDouble productionMase(String key, String candidate, TimeSeries series, ForecastSettings settings) {
        ModelVersion production = registry.production(key).filter(v -> !v.version().equals(candidate)).orElse(null);
        if (production == null) {
            return OptionalDouble.empty();
        }
        Path dir = tempDir("prescient-production-");
        try {
            registry.download(key, production.version(), dir);
            try (FittedModel model = ModelArtifacts.load(dir, loaders)) {
                return OptionalDouble.of(training.validator(series, settings).score(model).mase());
            }
        } finally {
            delete(dir);
        }
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for model artifacts; check "
                    + "java.io.tmpdir is writable", e);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot delete temporary directory %s: %s", root, e.getMessage());
        }
    }
}

package dev.prescient.trainer.training;

import dev.prescient.trainer.sizing.SizingLearner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import dev.prescient.common.forecast.lstm.LstmConfig;
import dev.prescient.common.forecast.lstm.LstmModelLoader;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.registry.LockLostException;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.PromotionGate;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the job does with a lock lost during training: a small lstm (one epoch) on three days of a
 * 5-minute series, an in-memory registry that records the calls, and a lock check that fails at a
 * chosen confirmation. And what it learns and stores as the sizing, on a one-minute series.
 */
class TrainingJobTest {

    static final Instant END = Instant.parse("2026-11-27T00:00:00Z");
    static final WorkloadSpec SPEC = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"),
            "sum(rate(http_requests_total[5m]))", 10, 0.7, 1, 5, Duration.ofDays(3), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Optional.empty(), ScalingMode.DRY_RUN);

    static final ModelTraining SMALL_LSTM = ModelTraining.standard(LstmConfig.defaults().withMaxEpochs(1)
            .withSizes(8, 8));

    final RecordingRegistry registry = new RecordingRegistry();
    final TrainingJob job = new TrainingJob(query -> new RegularSeries(history(), new SeriesQuality(864, 0, 0, 0, 0)),
            registry, SMALL_LSTM, SizingTraining.defaults(), new PromotionGate(),
            Map.of(TrainingJob.TYPE, new LstmModelLoader()), 7);

    @Test
    void aLockLostBeforeStoringStoresNothing() {
        WorkloadResult result = job.run(SPEC, END, failingAt(1));

        assertThat(result.outcome()).isEqualTo("lock-lost");
        assertThat(result.ok()).isFalse();
        assertThat(result.version()).isNull();
        assertThat(result.validation()).containsKey("lstm");
        assertThat(result.error()).isEqualTo("cannot train shop/api: lost the training lock of shop/api held by "
                + "run-a: another run (run-b) holds it until 2026-11-27T01:00:00Z; nothing was stored");
        assertThat(registry.calls).isEmpty();
    }

    @Test
    void aLockLostAfterStoringLeavesAnUngatedCandidateAndPromotesNothing() {
        WorkloadResult result = job.run(SPEC, END, failingAt(2));

        assertThat(result.outcome()).isEqualTo("lock-lost");
        assertThat(result.promoted()).isFalse();
        assertThat(result.version()).isEqualTo(registry.uploaded);
        assertThat(result.error()).endsWith("; version " + registry.uploaded + " stays a candidate and was not gated");
        assertThat(registry.calls).containsExactly("upload shop/api", "production shop/api",
                "setStage shop/api " + registry.uploaded + " candidate " + TrainingJob.NOT_GATED);
    }

    @Test
    void aLockHeldThroughoutIsConfirmedBeforeStoringAndBeforeTheGatesDecisionIsApplied() {
        AtomicInteger confirmations = new AtomicInteger();

        WorkloadResult result = job.run(SPEC, END, confirmations::incrementAndGet);

        assertThat(confirmations).hasValue(2);
        assertThat(result.ok()).as(result.error()).isTrue();
        assertThat(registry.calls.get(registry.calls.size() - 1)).startsWith(result.promoted()
                ? "promote shop/api " + result.version() : "setStage shop/api " + result.version() + " candidate");
    }

    @Test
    void aWorkloadAtAFiveMinuteStepIsStoredWithoutSizingAndTheResultSaysWhy() {
        WorkloadResult result = job.run(SPEC, END, () -> { });

        assertThat(result.ok()).as(result.error()).isTrue();
        assertThat(result.sizing()).isNull();
        assertThat(result.sizingError()).isEqualTo("cannot learn the sizing of shop/api: sizing is learnt at a"
                + " one-minute step and the workload's step is 5m");
        assertThat(registry.files).containsExactly("manifest.json", "parameters.bin");
        assertThat(registry.sizing).isEmpty();
    }

    @Test
    void readsTheHistoryPlusTheCalibrationSpanTrainsOnTheNewestHistoryAndStoresTheSizingLearntOnTheSpan() {
        WorkloadSpec spec = web();
        TimeSeries all = SizingTrainingTest.days(14);
        Instant end = all.end();
        List<HistoryQuery> queries = new ArrayList<>();
        TrainingJob oneMinute = oneMinuteJob(all, queries);

        WorkloadResult result = oneMinute.run(spec, end, () -> { });

        assertThat(queries).as("in hpa-floor mode two weeks, over which the HPA alone is judged")
                .containsExactly(new HistoryQuery(spec.query(), end.minus(SizingLearner.REACTIVE_HISTORY), end,
                        Duration.ofMinutes(1)));
        assertThat(result.ok()).as(result.error()).isTrue();
        assertThat(result.sizingError()).as("learnt").isNull();
        assertThat(registry.manifest.trainingFrom()).as("the production model trains on the newest history only")
                .isEqualTo(end.minus(Duration.ofDays(3)));
        assertThat(registry.files).containsExactly("manifest.json", "parameters.bin", "sizing.json");
        Sizing stored = registry.sizing.orElseThrow();
        assertThat(SizingSummary.of(stored)).isEqualTo(result.sizing());
        assertThat(stored.sloShortMinutesPct()).isEqualTo(1.0);
        assertThat(stored.decisionIntervalMinutes()).as("the actuator's default interval").isEqualTo(5);
        assertThat(stored.startupDelayMinutes()).as("150 s rounded up").isEqualTo(3);
        assertThat(stored.calibration().minutes()).as("simulated on the newest three days").isBetween(3 * 1440 - 60, 3 * 1440);
    }

    @Test
    void fetchesTheDemandTheSloIsJudgedOnOverTheSameRangeWhenTheWorkloadGivesADemandQuery() {
        WorkloadSpec spec = web().withSlo(new Slo(1.0, Optional.of("sum(rate(http_requests_total[1m]))")));
        TimeSeries all = SizingTrainingTest.days(14);
        Instant end = all.end();
        List<HistoryQuery> queries = new ArrayList<>();
        TrainingJob oneMinute = oneMinuteJob(all, queries);

        WorkloadResult result = oneMinute.run(spec, end, () -> { });

        Instant from = end.minus(SizingLearner.REACTIVE_HISTORY);
        assertThat(queries).containsExactly(new HistoryQuery(spec.query(), from, end, Duration.ofMinutes(1)),
                new HistoryQuery("sum(rate(http_requests_total[1m]))", from, end, Duration.ofMinutes(1)));
        assertThat(result.ok()).as(result.error()).isTrue();
        assertThat(result.sizingError()).as("learnt").isNull();
    }

    /** shop/web: a 5-minute rate at a one-minute step, hpa-floor, 150 s start-up. */
    private static WorkloadSpec web() {
        return new WorkloadSpec("web", "shop", new TargetRef(TargetKind.Deployment, "web"),
                "sum(rate(http_requests_total[5m]))", 10, 0.7, 1, 50, Duration.ofDays(3), Duration.ofMinutes(1),
                Duration.ofMinutes(30), Optional.of(Duration.ofSeconds(150)), ScalingMode.HPA_FLOOR);
    }

    /** A one-minute training job reading {@code all} and recording every query it makes. */
    private TrainingJob oneMinuteJob(TimeSeries all, List<HistoryQuery> queries) {
        HistorySource source = query -> {
            queries.add(query);
            int from = (int) all.indexOf(query.from());
            return new RegularSeries(all.slice(from, (int) all.indexOf(query.to())),
                    new SeriesQuality(all.size() - from, 0, 0, 0, 0));
        };
        return new TrainingJob(source, registry, SMALL_LSTM, SizingTraining.defaults(), new PromotionGate(),
                Map.of(TrainingJob.TYPE, new LstmModelLoader()), 7);
    }

    private static TrainingJob.LockCheck failingAt(int confirmation) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() == confirmation) {
                throw new LockLostException("shop/api", "lost the training lock of shop/api held by run-a: another"
                        + " run (run-b) holds it until 2026-11-27T01:00:00Z");
            }
        };
    }

    /** Three days at 5 minutes: a daily wave with an hourly ripple. */
    private static TimeSeries history() {
        int day = 288;
        double[] values = new double[3 * day];
        for (int t = 0; t < values.length; t++) {
            values[t] = 100 + 40 * Math.sin(2 * Math.PI * t / day) + 10 * Math.sin(2 * Math.PI * t / 12) + t % 7;
        }
        return new TimeSeries(END.minus(Duration.ofDays(3)), Duration.ofMinutes(5), values);
    }

    /** Keeps the upload's version id, manifest, covered files and sizing; records every call. */
    static final class RecordingRegistry implements ModelRegistry {
        final List<String> calls = new ArrayList<>();
        String uploaded;
        ModelManifest manifest;
        Set<String> files;
        Optional<Sizing> sizing;

        @Override
        public String upload(String workloadKey, Path artifactDir) {
            calls.add("upload " + workloadKey);
            VerifiedArtifact artifact = ModelArtifacts.read(artifactDir);
            manifest = artifact.manifest();
            files = artifact.files();
            sizing = ModelArtifacts.sizing(artifactDir);
            uploaded = "v20261127-000000-" + ModelArtifacts.readManifest(artifactDir).parametersSha256().substring(0, 6);
            return uploaded;
        }

        @Override
        public List<ModelVersion> list(String workloadKey) {
            calls.add("list " + workloadKey);
            return List.of();
        }

        @Override
        public Optional<ModelVersion> production(String workloadKey) {
            calls.add("production " + workloadKey);
            return Optional.empty();
        }

        @Override
        public VerifiedArtifact download(String workloadKey, String version, Path dir) {
            throw new AssertionError("nothing is in production to download");
        }

        @Override
        public void setStage(String workloadKey, String version, Stage stage, String reason) {
            calls.add("setStage " + workloadKey + " " + version + " " + stage.tag() + " " + reason);
        }

        @Override
        public void promote(String workloadKey, String version, String reason) {
            calls.add("promote " + workloadKey + " " + version + " " + reason);
        }

        @Override
        public ModelVersion rollback(String workloadKey, String reason) {
            throw new AssertionError("the job never rolls back");
        }

        @Override
        public List<String> prune(String workloadKey, int keepNewest, Duration keepProductionWithin, boolean dryRun) {
            throw new AssertionError("the job never prunes");
        }
    }
}

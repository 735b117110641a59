package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prescient.common.registry.Lease;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.series.Sample;
import dev.prescient.common.testing.OpenMetrics;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.TraceCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code train} against a real Prometheus backfilled with three days of the Twitter trace and a
 * real S3 API server (S3Mock). See {@link TrainRun} for how Prometheus is read.
 */
class TrainCommandIT {

    static final String METRIC = "prescient_trace_requests";
    static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");
    static final Instant END = T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(5));
    static final String BUCKET = "prescient-models";

    private static PrometheusServer prometheus;
    private static S3MockServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        prometheus = startPrometheus();
        s3 = S3MockServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** A Prometheus holding {@code prescient_trace_requests_total{trace="twitter"}} over the three days to END. */
    static PrometheusServer startPrometheus() throws Exception {
        List<Sample> rows = TraceCounter.readPerMinute(
                TraceCounter.tracesDir().resolve("twitter-2021-08-per-minute.csv"), T0, END.plus(Duration.ofMinutes(5)));
        return PrometheusServer.start(OpenMetrics.counter(METRIC, Map.of("trace", "twitter"),
                TraceCounter.counter(rows)));
    }

    /** A workload reading the Twitter trace's request rate. */
    static String workload(String namespace, String name, String query) {
        return """
                  - name: %s
                    namespace: %s
                    target: {kind: Deployment, name: %s}
                    query: %s
                    capacityPerPod: 100
                    minReplicas: 1
                    maxReplicas: 50
                    mode: dry-run
                """.formatted(name, namespace, name, query);
    }

    static final String TWITTER_QUERY = "sum(rate(prescient_trace_requests_total[5m]))";

    @Test
    void trainsStoresAndPromotesOneWorkloadWhileTheOtherFailsNamingItsQuery() throws Exception {
        Path config = Files.writeString(tmp.resolve("workloads.yaml"), "workloads:\n"
                + workload("trace", "twitter", TWITTER_QUERY)
                + workload("trace", "silent", "sum(rate(nothing_here_total[5m]))"));

        TrainRun run = TrainRun.of("--config", config.toString(), "--end", END.toString(), "--prometheus-url",
                prometheus.url().toString(), "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET);

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out() + run.err()).doesNotContain("secret-do-not-print");
        assertThat(run.results()).hasSize(2);
        JsonNode trained = run.results().get(0);
        assertThat(trained.get("workload").asText()).isEqualTo("trace/twitter");
        assertThat(trained.get("ok").asBoolean()).isTrue();
        assertThat(trained.get("promoted").asBoolean()).as(run.out()).isTrue();
        assertThat(trained.get("outcome").asText()).isEqualTo("promoted");
        assertThat(trained.get("reason").asText()).startsWith("promoted: lstm MASE ")
                .endsWith("and nothing is in production");
        double mase = trained.get("validation").get("lstm").get("mase").asDouble();
        assertThat(mase).isLessThan(trained.get("validation").get("seasonal-naive").get("mase").asDouble());
        String version = trained.get("version").asText();
        assertThat(version).matches("v\\d{8}-\\d{6}-[0-9a-f]{6}");

        ModelVersion production = registry().production("trace/twitter").orElseThrow();
        assertThat(production.version()).isEqualTo(version);
        assertThat(production.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(production.manifest().trainingTo()).isEqualTo(END);
        assertThat(trained.get("status").asText()).isEqualTo("trained");
        LeaseLock locks = new LeaseLock(settings(), Clock.systemUTC());
        LeaseLock.Attempt afterRun = locks.tryAcquire("trace/twitter", "checker", Duration.ofMinutes(1));
        assertThat(afterRun.acquired()).as("the run released its lock").isTrue();
        locks.release(afterRun.lease());

        JsonNode failed = run.results().get(1);
        assertThat(failed.get("workload").asText()).isEqualTo("trace/silent");
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText())
                .startsWith("cannot train trace/silent: Prometheus at " + prometheus.url()
                        + "/api/v1/query_range returned no series for 'sum(rate(nothing_here_total[5m]))' over "
                        + "[2021-08-01T00:05:00Z, 2021-08-04T00:05:00Z) at PT1M; check the query");
        assertThat(registry().list("trace/silent")).isEmpty();

        theLogCarriesWorkloadVersionAndOutcomeOfEachWorkload(run, version, failed.get("error").asText());
        aSecondRunWithFewerEpochsScoresWorseAndDoesNotReplaceProduction(config, version, mase);
    }

    private void theLogCarriesWorkloadVersionAndOutcomeOfEachWorkload(TrainRun run, String version, String error) {
        assertThat(run.logs()).hasSize(2);
        assertThat(run.logs().get(0)).containsEntry("workload", "trace/twitter").containsEntry("version", version)
                .containsEntry("outcome", "promoted").containsKeys("seconds", "mase", "reason");
        assertThat(run.logs().get(1)).containsEntry("workload", "trace/silent").containsEntry("version", "")
                .containsEntry("outcome", "failed").containsEntry("error", error);
    }

    /**
     * One epoch instead of up to 60 with early stopping: a genuinely worse model on the same window.
     * The gate scores production there too, and keeps it.
     */
    private void aSecondRunWithFewerEpochsScoresWorseAndDoesNotReplaceProduction(Path config, String production,
                                                                                 double productionMase) {
        TrainRun run = TrainRun.of("--config", config.toString(), "--workload", "trace/twitter", "--end",
                END.toString(), "--prometheus-url", prometheus.url().toString(), "--s3-endpoint",
                s3.endpoint().toString(), "--s3-bucket", BUCKET, "--max-epochs", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode second = run.result();
        assertThat(second.get("ok").asBoolean()).isTrue();
        assertThat(second.get("promoted").asBoolean()).as(run.out()).isFalse();
        assertThat(second.get("outcome").asText()).isEqualTo("refused");
        double candidateMase = second.get("validation").get("lstm").get("mase").asDouble();
        assertThat(second.get("productionMase").asDouble()).isCloseTo(productionMase, within(1e-9));
        assertThat(candidateMase).as("the one-epoch model scores worse than production on the same window")
                .isGreaterThan(productionMase);
        assertThat(second.get("reason").asText()).startsWith("refused: lstm MASE ");
        String candidate = second.get("version").asText();
        assertThat(registry().production("trace/twitter").orElseThrow().version()).isEqualTo(production);
        ModelVersion stored = registry().list("trace/twitter").stream().filter(v -> v.version().equals(candidate))
                .findFirst().orElseThrow();
        assertThat(stored.stage()).isEqualTo(Stage.CANDIDATE);
        assertThat(stored.reason()).isEqualTo(second.get("reason").asText());
        assertThat(stored.manifest().hyperParameters()).containsEntry("maxEpochs", "1");
        assertThat(run.logs()).singleElement().satisfies(log -> assertThat(log)
                .containsEntry("version", candidate).containsEntry("outcome", "refused"));
    }

    @Test
    void skipsAWorkloadWhoseLockAnotherRunHoldsAndCountsItAsFailed() throws Exception {
        Path config = Files.writeString(tmp.resolve("held.yaml"), "workloads:\n"
                + workload("trace", "held", TWITTER_QUERY));
        LeaseLock locks = new LeaseLock(settings(), Clock.systemUTC());
        Lease other = locks.tryAcquire("trace/held", "other-run", Duration.ofHours(1)).lease();

        TrainRun run = TrainRun.of("--config", config.toString(), "--end", END.toString(), "--prometheus-url",
                prometheus.url().toString(), "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET,
                "--lock-owner", "this-run");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode line = run.result();
        assertThat(line.get("status").asText()).isEqualTo("locked");
        assertThat(line.get("outcome").asText()).isEqualTo("locked");
        assertThat(line.get("ok").asBoolean()).isFalse();
        assertThat(line.get("lockHolder").asText()).isEqualTo("other-run");
        assertThat(line.get("lockExpiresAt").asText()).isEqualTo(other.expiresAt().toString());
        assertThat(line.get("error").asText()).isEqualTo("skipped trace/held: another training run (other-run) "
                + "holds its lock until " + other.expiresAt() + "; it is retried on the next run");
        assertThat(registry().list("trace/held")).isEmpty();
        assertThat(locks.tryAcquire("trace/held", "third-run", Duration.ofHours(1)).lease()).isEqualTo(other);
        assertThat(run.logs()).singleElement().satisfies(log -> assertThat(log)
                .containsEntry("outcome", "locked").containsEntry("lock_holder", "other-run"));
    }

    private static ModelRegistry registry() {
        return new S3ModelRegistry(settings());
    }

    private static RegistrySettings settings() {
        return new RegistrySettings(s3.endpoint(), BUCKET, "models", "test", "secret", null, null);
    }
}

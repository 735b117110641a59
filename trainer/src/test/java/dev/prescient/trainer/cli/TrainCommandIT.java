package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.registry.Lease;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.registry.Stage;
import dev.prescient.common.series.Sample;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import dev.prescient.common.testing.OpenMetrics;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.TraceCounter;
import dev.prescient.trainer.cli.models.RegistryOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine;

/**
 * Runs {@code train} against a real Prometheus backfilled with three days of the Twitter trace and a
 * real S3 API server (S3Mock). Prometheus is read through {@link PrometheusHistorySource} over
 * {@link HttpPrometheusApi}, since the production REST client needs a running Quarkus application.
 */
class TrainCommandIT {

    private static final String METRIC = "prescient_trace_requests";
    private static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");
    private static final Instant END = T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(5));
    private static final String BUCKET = "prescient-models";
    private static final Map<String, String> ENV = Map.of("PRESCIENT_S3_ACCESS_KEY", "test",
            "PRESCIENT_S3_SECRET_KEY", "secret-do-not-print");

    private static PrometheusServer prometheus;
    private static S3MockServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        List<Sample> rows = TraceCounter.readPerMinute(
                TraceCounter.tracesDir().resolve("twitter-2021-08-per-minute.csv"), T0, END.plus(Duration.ofMinutes(5)));
        prometheus = PrometheusServer.start(OpenMetrics.counter(METRIC, Map.of("trace", "twitter"),
                TraceCounter.counter(rows)));
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

    @Test
    void trainsStoresAndPromotesOneWorkloadWhileTheOtherFailsNamingItsQuery() throws Exception {
        Path config = Files.writeString(tmp.resolve("workloads.yaml"), """
                workloads:
                  - name: twitter
                    namespace: trace
                    target: {kind: Deployment, name: twitter}
                    query: sum(rate(prescient_trace_requests_total[5m]))
                    capacityPerPod: 100
                    minReplicas: 1
                    maxReplicas: 50
                    mode: dry-run
                  - name: silent
                    namespace: trace
                    target: {kind: Deployment, name: silent}
                    query: sum(rate(nothing_here_total[5m]))
                    capacityPerPod: 100
                    minReplicas: 1
                    maxReplicas: 50
                    mode: dry-run
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(train(), withTestCredentials());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("--config", config.toString(), "--end", END.toString(), "--prometheus-url",
                prometheus.url().toString(), "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET);

        assertThat(exit).as(err.toString()).isEqualTo(1);
        assertThat(out.toString() + err).doesNotContain("secret-do-not-print");
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode trained = new ObjectMapper().readTree(lines[0]);
        assertThat(trained.get("workload").asText()).isEqualTo("trace/twitter");
        assertThat(trained.get("ok").asBoolean()).isTrue();
        assertThat(trained.get("promoted").asBoolean()).as(lines[0]).isTrue();
        assertThat(trained.get("reason").asText()).startsWith("promoted: lstm MASE ")
                .endsWith("and nothing is in production");
        assertThat(trained.get("validation").get("lstm").get("mase").asDouble())
                .isLessThan(trained.get("validation").get("seasonal-naive").get("mase").asDouble());
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

        JsonNode failed = new ObjectMapper().readTree(lines[1]);
        assertThat(failed.get("workload").asText()).isEqualTo("trace/silent");
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("error").asText())
                .startsWith("cannot train trace/silent: Prometheus at " + prometheus.url()
                        + "/api/v1/query_range returned no series for 'sum(rate(nothing_here_total[5m]))' over "
                        + "[2021-08-01T00:05:00Z, 2021-08-04T00:05:00Z) at PT1M; check the query");
        assertThat(registry().list("trace/silent")).isEmpty();

        retrainingOnTheSameWindowScoresProductionThereAndRefusesATie(config, version,
                trained.get("validation").get("lstm").get("mase").asDouble());
    }

    /** Seeded training repeats itself, so the new candidate ties production and misses the margin. */
    private void retrainingOnTheSameWindowScoresProductionThereAndRefusesATie(Path config, String production,
                                                                            double productionMase) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(train(), withTestCredentials());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("--config", config.toString(), "--workload", "trace/twitter", "--end", END.toString(),
                "--prometheus-url", prometheus.url().toString(), "--s3-endpoint", s3.endpoint().toString(),
                "--s3-bucket", BUCKET);

        assertThat(exit).as(err.toString()).isZero();
        JsonNode second = new ObjectMapper().readTree(out.toString().strip());
        assertThat(second.get("ok").asBoolean()).isTrue();
        assertThat(second.get("promoted").asBoolean()).as(out.toString()).isFalse();
        assertThat(second.get("productionMase").asDouble()).isCloseTo(productionMase, within(1e-9));
        assertThat(second.get("reason").asText()).startsWith("refused: lstm MASE ")
                .contains("percent margin over production");
        String candidate = second.get("version").asText();
        assertThat(registry().production("trace/twitter").orElseThrow().version()).isEqualTo(production);
        ModelVersion stored = registry().list("trace/twitter").stream().filter(v -> v.version().equals(candidate))
                .findFirst().orElseThrow();
        assertThat(stored.stage()).isEqualTo(Stage.CANDIDATE);
        assertThat(stored.reason()).isEqualTo(second.get("reason").asText());
    }

    @Test
    void skipsAWorkloadWhoseLockAnotherRunHoldsAndCountsItAsFailed() throws Exception {
        Path config = Files.writeString(tmp.resolve("held.yaml"), """
                workloads:
                  - name: held
                    namespace: trace
                    target: {kind: Deployment, name: held}
                    query: sum(rate(prescient_trace_requests_total[5m]))
                    capacityPerPod: 100
                    minReplicas: 1
                    maxReplicas: 50
                    mode: dry-run
                """);
        LeaseLock locks = new LeaseLock(settings(), Clock.systemUTC());
        Lease other = locks.tryAcquire("trace/held", "other-run", Duration.ofHours(1)).lease();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(train(), withTestCredentials());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        int exit = cl.execute("--config", config.toString(), "--end", END.toString(), "--prometheus-url",
                prometheus.url().toString(), "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET,
                "--lock-owner", "this-run");

        assertThat(exit).as(err.toString()).isEqualTo(1);
        JsonNode line = new ObjectMapper().readTree(out.toString().strip());
        assertThat(line.get("status").asText()).isEqualTo("locked");
        assertThat(line.get("ok").asBoolean()).isFalse();
        assertThat(line.get("lockHolder").asText()).isEqualTo("other-run");
        assertThat(line.get("lockExpiresAt").asText()).isEqualTo(other.expiresAt().toString());
        assertThat(line.get("error").asText()).isEqualTo("skipped trace/held: another training run (other-run) "
                + "holds its lock until " + other.expiresAt() + "; it is retried on the next run");
        assertThat(registry().list("trace/held")).isEmpty();
        assertThat(locks.tryAcquire("trace/held", "third-run", Duration.ofHours(1)).lease()).isEqualTo(other);
    }

    private static TrainCommand train() {
        TrainCommand train = new TrainCommand();
        train.historySources = settings -> new PrometheusHistorySource(new HttpPrometheusApi(settings.url()), settings);
        return train;
    }

    private static ModelRegistry registry() {
        return new S3ModelRegistry(settings());
    }

    private static RegistrySettings settings() {
        return new RegistrySettings(s3.endpoint(), BUCKET, "models", "test", "secret", null, null);
    }

    /** Picocli's factory, with test credentials in place of the process environment. */
    private static CommandLine.IFactory withTestCredentials() {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof RegistryOptions options) {
                    options.useEnvironment(ENV::get);
                }
                return made;
            }
        };
    }
}

package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.prometheus.PrometheusSettings;
import dev.prescient.common.testing.ServerProcesses;
import dev.prescient.trainer.cli.models.RegistryOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code train} without servers: settings it refuses, and what it does when S3 cannot be reached. */
class TrainCommandTest {

    static final Map<String, String> ENV = Map.of("PRESCIENT_S3_ACCESS_KEY", "test",
            "PRESCIENT_S3_SECRET_KEY", "s3-secret-do-not-print",
            "PRESCIENT_PROMETHEUS_BEARER_TOKEN", "prom-token-do-not-print");

    @TempDir
    Path tmp;

    Path config;
    final List<PrometheusSettings> opened = new ArrayList<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(tmp.resolve("workloads.yaml"), """
                workloads:
                  - name: api
                    namespace: shop
                    target: {kind: Deployment, name: api}
                    query: sum(rate(http_requests_total[5m]))
                    capacityPerPod: 10
                    minReplicas: 1
                    maxReplicas: 5
                    mode: dry-run
                  - name: web
                    namespace: shop
                    target: {kind: Deployment, name: web}
                    query: sum(rate(web_requests_total[5m]))
                    capacityPerPod: 10
                    minReplicas: 1
                    maxReplicas: 5
                    mode: dry-run
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--workload shop/nope --prometheus-url http://p:9090 --s3-endpoint http://s3:9000"
                    + "|train: no workload 'shop/nope' in the configuration; known workloads: shop/api, shop/web",
            "--prometheus-url http://p:9090|train: no S3 endpoint: pass --s3-endpoint or set PRESCIENT_S3_ENDPOINT",
            "--s3-endpoint http://s3:9000|train: no Prometheus URL: pass --prometheus-url or set PRESCIENT_PROMETHEUS_URL",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --max-epochs 0"
                    + "|train: --max-epochs must be at least 1, got 0",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --lock-lease 0s"
                    + "|train: --lock-lease must be positive, got PT0S",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --actuator-interval 90s"
                    + "|train: --actuator-interval (PRESCIENT_ACTUATOR_INTERVAL): the actuator's decision interval must"
                    + " be a whole number of minutes, at least 1m, got 90s",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --actuator-interval 0s"
                    + "|train: --actuator-interval (PRESCIENT_ACTUATOR_INTERVAL): the actuator's decision interval must"
                    + " be a whole number of minutes, at least 1m, got 0s",
            "--prometheus-url http://p:9090 --prometheus-ca-file /nonexistent/prom-ca.pem --s3-endpoint http://s3:9000"
                    + "|train: --prometheus-ca-file (PRESCIENT_PROMETHEUS_CA_FILE) /nonexistent/prom-ca.pem is not a "
                    + "readable file",
            "--prometheus-url http://p:9090 --s3-endpoint https://s3:9000 --s3-ca-file /nonexistent/s3-ca.pem"
                    + "|train: cannot use the S3 CA file /nonexistent/s3-ca.pem: no such readable file; give a readable"
                    + " PEM file with the certificate(s) of the CA that signed the S3 endpoint's certificate",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --shard 2/2"
                    + "|train: --shard INDEX 2 is out of range for 2 shards (--shard COUNT): it must be in 0..1",
            "--prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --shards two --shard 0"
                    + "|train: --shards must be a whole number, got 'two'",
            "--workload shop/api --prometheus-url http://p:9090 --s3-endpoint http://s3:9000 --shard 0/2"
                    + "|train: --workload trains the one workload it names; it cannot be combined with --shard or"
                    + " --shards",
    })
    void refusesBadSettingsWithExitTwoBeforeTraining(String args, String message) {
        int exit = run(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith(message);
        assertThat(opened).isEmpty();
    }

    @Test
    void anUnreachableS3FailsEveryWorkloadNamingTheEndpointWithoutFetchingHistory() throws Exception {
        String closed = "http://127.0.0.1:" + ServerProcesses.freePort();

        int exit = run("--prometheus-url", "http://127.0.0.1:9", "--s3-endpoint", closed, "--s3-bucket", "models");

        assertThat(exit).isEqualTo(1);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode result = new ObjectMapper().readTree(line);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("outcome").asText()).isEqualTo("failed");
            assertThat(result.get("version").isNull()).isTrue();
            assertThat(result.get("error").asText()).startsWith("cannot lock " + result.get("workload").asText()
                    + " for training: cannot check bucket s3://models/ at " + closed + ": ")
                    .endsWith("; check that the S3 endpoint is reachable and its URL is right");
        }
        assertThat(opened).hasSize(1);
    }

    /** shop/web hashes to shard 0 of 2, shop/api to shard 1 (see ShardTest for the hash). */
    @ParameterizedTest
    @CsvSource({"0/2, shop/web", "1/2, shop/api"})
    void trainsOnlyTheWorkloadsOfItsShardAndNamesTheShardOnEachLine(String shard, String workload) throws Exception {
        String closed = "http://127.0.0.1:" + ServerProcesses.freePort();

        int exit = run("--prometheus-url", "http://127.0.0.1:9", "--s3-endpoint", closed, "--shard", shard);

        assertThat(exit).isEqualTo(1);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode result = new ObjectMapper().readTree(lines[0]);
        assertThat(result.get("workload").asText()).isEqualTo(workload);
        assertThat(result.get("shard").asText()).isEqualTo(shard);
        assertThat(result.fieldNames()).toIterable().startsWith("workload", "shard", "ok");
        assertThat(err.toString()).startsWith("train: shard " + shard + " holds 1 of 2 workloads\n");
    }

    @Test
    void anUnshardedRunNamesShardZeroOfOneAndSaysNothingAboutShards() throws Exception {
        String closed = "http://127.0.0.1:" + ServerProcesses.freePort();

        run("--prometheus-url", "http://127.0.0.1:9", "--s3-endpoint", closed);

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(new ObjectMapper().readTree(line).get("shard").asText()).isEqualTo("0/1");
        }
        assertThat(err.toString()).doesNotContain("shard");
    }

    @Test
    void passesPrometheusAuthAndTlsOnWithoutPrintingTheSecrets() throws Exception {
        Path ca = Files.writeString(tmp.resolve("prom-ca.pem"), "pem");
        String closed = "http://127.0.0.1:" + ServerProcesses.freePort();

        run("--prometheus-url", "https://prometheus:9090", "--prometheus-ca-file", ca.toString(),
                "--s3-endpoint", closed);

        assertThat(opened).hasSize(1);
        PrometheusSettings settings = opened.get(0);
        assertThat(settings.bearerToken()).contains("prom-token-do-not-print");
        assertThat(settings.caFile()).contains(ca);
        assertThat(out.toString() + err).doesNotContain("do-not-print").isNotEmpty();
    }

    @Test
    void withoutConfigAndWithoutTheClusterCatalogueItNamesBothWays() {
        config = null;

        assertThat(run("--prometheus-url", "http://p:9090", "--s3-endpoint", "http://s3:9000")).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo("train: give --config (a workloads.yaml), or set "
                + "prescient.catalog.source=kubernetes (PRESCIENT_CATALOG_SOURCE) to train the PredictiveScalers of "
                + "the cluster");
        assertThat(opened).as("nothing opened before the workloads are known").isEmpty();
    }

    private int run(String... args) {
        TrainCommand train = new TrainCommand();
        train.historySources = settings -> {
            opened.add(settings);
            return query -> {
                throw new AssertionError("must not fetch history before the lock is taken: " + query);
            };
        };
        CommandLine cl = new CommandLine(train, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof RegistryOptions options) {
                    options.useEnvironment(ENV::get);
                }
                if (made instanceof PrometheusOptions options) {
                    options.useEnvironment(ENV::get);
                }
                if (made instanceof ShardOptions options) {
                    options.useEnvironment(ENV::get);
                }
                return made;
            }
        });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(config == null ? List.of() : List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }
}

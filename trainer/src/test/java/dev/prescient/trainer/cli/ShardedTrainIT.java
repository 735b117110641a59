package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.ServerProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 40 workloads trained by the <em>packaged</em> trainer as 4 processes at once, each given its shard the way an
 * Indexed Job gives it ({@code JOB_COMPLETION_INDEX}, {@code PRESCIENT_TRAIN_SHARDS}), against a real
 * Prometheus backfilled with the Twitter trace and a real S3 API server (S3Mock). One shard's S3 endpoint is a
 * closed port, so it fails; it is then re-run alone, as Kubernetes retries a failed index.
 *
 * <p>To keep 40 trainings cheap each workload reads three days at 5 minutes and the lstm trains one epoch; each
 * workload's query scales the trace by its own factor, so no two histories are the same.
 */
class ShardedTrainIT {

    static final String BUCKET = "prescient-sharded";
    static final int SHARDS = 4;
    static final int FAILING = 2;
    static final List<String> NAMESPACES = List.of("payments", "shop", "search", "media");

    private static PrometheusServer prometheus;
    private static S3MockServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        prometheus = TrainCommandIT.startPrometheus();
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
    void fourShardsTrainEveryWorkloadOnceAndAFailedShardIsRetriedAloneWithoutTheOthers() throws Exception {
        List<String> workloads = workloadKeys();
        Path config = Files.writeString(tmp.resolve("workloads.yaml"), configuration(workloads));
        String closedS3 = "http://127.0.0.1:" + ServerProcesses.freePort();

        List<Process> processes = new ArrayList<>();
        for (int index = 0; index < SHARDS; index++) {
            processes.add(start(config, index, index == FAILING ? closedS3 : s3.endpoint().toString(), "run1-" + index));
        }
        Map<Integer, Finished> first = new LinkedHashMap<>();
        for (int index = 0; index < SHARDS; index++) {
            first.put(index, finish(processes.get(index), "run1-" + index));
        }

        Set<String> seen = new HashSet<>();
        for (var entry : first.entrySet()) {
            int index = entry.getKey();
            Finished run = entry.getValue();
            assertThat(run.lines()).as("shard %d has workloads:\n%s", index, run.err()).isNotEmpty();
            assertThat(run.lines()).allSatisfy(line -> assertThat(line.get("shard").asText())
                    .isEqualTo(index + "/" + SHARDS));
            assertThat(run.err()).contains("train: shard " + index + "/" + SHARDS + " holds " + run.lines().size()
                    + " of " + workloads.size() + " workloads");
            for (String workload : run.workloads()) {
                assertThat(seen.add(workload)).as("%s in two shards", workload).isTrue();
            }
            if (index == FAILING) {
                assertThat(run.exit()).isEqualTo(1);
                assertThat(run.lines()).allSatisfy(line -> {
                    assertThat(line.get("ok").asBoolean()).isFalse();
                    assertThat(line.get("error").asText()).contains("at " + closedS3 + ":");
                });
            } else {
                assertThat(run.exit()).as(run.err()).isZero();
                assertThat(run.lines()).allSatisfy(line -> assertThat(line.get("ok").asBoolean()).as(line.toString())
                        .isTrue());
            }
        }
        assertThat(seen).as("the union of the shards' lines is the configured list")
                .containsExactlyInAnyOrderElementsOf(workloads);

        ModelRegistry registry = registry();
        Set<String> failedShard = Set.copyOf(first.get(FAILING).workloads());
        Map<String, String> versions = new LinkedHashMap<>();
        for (String workload : workloads) {
            List<ModelVersion> stored = registry.list(workload);
            if (failedShard.contains(workload)) {
                assertThat(stored).as(workload + " of the failed shard").isEmpty();
            } else {
                assertThat(stored).as(workload).hasSize(1);
                versions.put(workload, stored.get(0).version());
            }
        }

        Finished retry = finish(start(config, FAILING, s3.endpoint().toString(), "retry"), "retry");

        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.workloads()).containsExactlyInAnyOrderElementsOf(failedShard);
        assertThat(retry.lines()).allSatisfy(line -> assertThat(line.get("ok").asBoolean()).isTrue());
        for (String workload : workloads) {
            List<ModelVersion> stored = registry.list(workload);
            assertThat(stored).as("%s trained exactly once over both runs", workload).hasSize(1);
            if (!failedShard.contains(workload)) {
                assertThat(stored.get(0).version()).as(workload).isEqualTo(versions.get(workload));
            }
        }
    }

    /** 10 workloads in each of 4 namespaces. */
    static List<String> workloadKeys() {
        return IntStream.range(0, 40).mapToObj(i -> NAMESPACES.get(i % 4) + "/svc-" + (i / 4)).toList();
    }

    static String configuration(List<String> keys) {
        StringBuilder yaml = new StringBuilder("workloads:\n");
        for (int i = 0; i < keys.size(); i++) {
            String[] parts = keys.get(i).split("/");
            yaml.append("""
                      - name: %s
                        namespace: %s
                        target: {kind: Deployment, name: %s}
                        query: %s * %s
                        capacityPerPod: 100
                        minReplicas: 1
                        maxReplicas: 50
                        step: 5m
                        mode: dry-run
                    """.formatted(parts[1], parts[0], parts[1], TrainCommandIT.TWITTER_QUERY, 1 + i / 20.0));
        }
        return yaml.toString();
    }

    /** The packaged trainer as its own process, told its shard only through the environment. */
    private Process start(Path config, int index, String s3Endpoint, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-jar", trainerJar().toString(), "train", "--config", config.toString(),
                "--end", TrainCommandIT.END.toString(), "--max-epochs", "1",
                "--prometheus-url", prometheus.url().toString(), "--s3-endpoint", s3Endpoint, "--s3-bucket", BUCKET,
                "--lock-owner", name)
                .redirectOutput(tmp.resolve(name + ".out").toFile()).redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().putAll(Map.of("JOB_COMPLETION_INDEX", Integer.toString(index),
                "PRESCIENT_TRAIN_SHARDS", Integer.toString(SHARDS),
                "PRESCIENT_S3_ACCESS_KEY", "test", "PRESCIENT_S3_SECRET_KEY", "secret"));
        return pb.start();
    }

    /**
     * @param lines the JSON lines of stdout
     */
    record Finished(int exit, List<JsonNode> lines, String err) {

        List<String> workloads() {
            return lines.stream().map(line -> line.get("workload").asText()).toList();
        }
    }

    private Finished finish(Process process, String name) throws Exception {
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 15 minutes:\n"
                    + Files.readString(tmp.resolve(name + ".err")));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(tmp.resolve(name + ".out"))) {
            if (!line.isBlank()) {
                lines.add(json(line));
            }
        }
        return new Finished(process.exitValue(), lines, Files.readString(tmp.resolve(name + ".err")));
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line on the trainer's stdout: " + line, e);
        }
    }

    /** The packaged trainer; the build makes it in the package phase, before the ITs run. */
    static Path trainerJar() {
        Path jar = Path.of(System.getProperty("prescient.trainer.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged trainer at " + jar.toAbsolutePath() + "; run the ITs through"
                    + " Maven's verify phase (./mvnw -pl trainer -am verify), which packages it first");
        }
        return jar;
    }

    private static ModelRegistry registry() {
        return new S3ModelRegistry(new RegistrySettings(s3.endpoint(), BUCKET, "models", "test", "secret", null,
                null));
    }
}

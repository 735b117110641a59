package dev.prescient.actuator.e2e;

import dev.prescient.common.series.Sample;
import dev.prescient.common.testing.OpenMetrics;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.ServerProcesses;
import dev.prescient.common.testing.TraceCounter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real parts of an end-to-end run, started before the actuator under test: a Prometheus backfilled with
 * three days of the Twitter trace shifted to end now, an S3 API server (S3Mock), the <em>packaged</em> trainer
 * run once as its own process ({@code java -jar}) to train and promote a model, and the <em>packaged</em>
 * predictor started as a process serving it. The actuator (the Quarkus app of this test) is pointed at that
 * predictor; the Kubernetes API is the fabric8 mock server.
 */
public final class RealStack implements QuarkusTestResourceLifecycleManager {

    static final String NAMESPACE = "e2e";
    static final String NAME = "twitter";
    static final String WORKLOAD = NAMESPACE + "/" + NAME;
    static final String BUCKET = "prescient-models";
    static final String METRIC = "prescient_trace_requests";

    /** What the test reads back about the run. */
    record Run(String trainerOut, URI predictor, Path workloads) {
    }

    static volatile Run run;

    private PrometheusServer prometheus;
    private S3MockServer s3;
    private Process predictor;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("prescient-e2e");
            prometheus = startPrometheus();
            s3 = S3MockServer.start();
            // SLO 5 %: the stack is checked end to end, not the sizing's quality. Three days leave a one-day
            // calibration span, and the LSTM's training is bounded in time, so on a loaded machine a 1 % SLO can be
            // missed there by a few minutes and the gate (rightly) refuses to promote.
            Path workloads = Files.writeString(dir.resolve("workloads.yaml"), """
                    workloads:
                      - name: %s
                        namespace: %s
                        target: {kind: Deployment, name: %s}
                        query: sum(rate(%s_total[5m]))
                        capacityPerPod: 5
                        targetUtilization: 0.8
                        minReplicas: 1
                        maxReplicas: 60
                        startupDelay: 3m
                        mode: replicas
                        slo: {maxShortMinutesPct: 5}
                    """.formatted(NAME, NAMESPACE, NAME, METRIC));
            String trainerOut = train(workloads);
            URI predictorUrl = startPredictor(workloads);
            run = new Run(trainerOut, predictorUrl, workloads);
            return Map.of(
                    "quarkus.rest-client.predictor.url", predictorUrl.toString(),
                    "prescient.actuator.workloads-file", workloads.toString(),
                    "prescient.prometheus.url", prometheus.url().toString());
        } catch (IOException | InterruptedException e) {
            stop();
            throw new IllegalStateException("cannot start the end-to-end stack: " + e.getMessage(), e);
        }
    }

    /**
     * Three days and twenty minutes of the trace, shifted so that its minute 3d lands on now: the history runs up
     * to the moment the predictor is asked, however long training took. The days run from noon: the archive the
     * trace comes from has a half-hour outage (zeros) before each midnight, and the actuator, which reads the
     * observed demand too, would see none at now.
     */
    private static PrometheusServer startPrometheus() throws IOException, InterruptedException {
        Instant traceStart = Instant.parse("2021-08-01T12:00:00Z");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Duration shift = Duration.between(traceStart.plus(Duration.ofDays(3)), now);
        List<Sample> rows = TraceCounter.readPerMinute(TraceCounter.tracesDir().resolve("twitter-2021-08-per-minute.csv"),
                traceStart, traceStart.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(20)));
        List<Sample> shifted = new ArrayList<>(rows.size());
        for (Sample s : rows) {
            shifted.add(new Sample(s.time().plus(shift), s.value()));
        }
        return PrometheusServer.start(OpenMetrics.counter(METRIC, Map.of("trace", "twitter"),
                TraceCounter.counter(shifted)));
    }

    private String train(Path workloads) throws IOException, InterruptedException {
        Path out = dir.resolve("trainer.out");
        Path err = dir.resolve("trainer.err");
        ProcessBuilder pb = new ProcessBuilder(java(jar("prescient.trainer.jar"), "train",
                "--config", workloads.toString(),
                "--prometheus-url", prometheus.url().toString(),
                "--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", BUCKET))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        credentials(pb.environment());
        Process trainer = pb.start();
        if (!trainer.waitFor(15, TimeUnit.MINUTES)) {
            trainer.destroyForcibly();
            throw new IllegalStateException("the packaged trainer did not finish in 15 minutes; its log:\n"
                    + Files.readString(err));
        }
        String stdout = Files.readString(out);
        if (trainer.exitValue() != 0) {
            throw new IllegalStateException("the packaged trainer exited " + trainer.exitValue() + ":\n" + stdout
                    + "\n" + Files.readString(err));
        }
        return stdout;
    }

    private URI startPredictor(Path workloads) throws IOException, InterruptedException {
        int port = ServerProcesses.freePort();
        List<String> command = new ArrayList<>(List.of("java",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dprescient.predictor.workloads-file=" + workloads,
                "-Dprescient.predictor.model-cache-dir=" + dir.resolve("models"),
                "-Dprescient.s3.endpoint=" + s3.endpoint(), "-Dprescient.s3.bucket=" + BUCKET,
                "-Dprescient.prometheus.url=" + prometheus.url()));
        command.addAll(djlFlags());
        command.addAll(List.of("-jar", jar("prescient.predictor.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("predictor.log").toFile());
        credentials(pb.environment());
        predictor = pb.start();
        URI url = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!predictor.isAlive()) {
                throw new IllegalStateException("the packaged predictor exited " + predictor.exitValue() + ":\n"
                        + Files.readString(dir.resolve("predictor.log")));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(url.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return url;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the packaged predictor was not ready in 3 minutes:\n"
                + Files.readString(dir.resolve("predictor.log")));
    }

    private static List<String> java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(djlFlags());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> djlFlags() {
        return List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1");
    }

    /** S3Mock does not check credentials, but both services require them, as a real MinIO would. */
    private static void credentials(Map<String, String> env) {
        env.put("PRESCIENT_S3_ACCESS_KEY", "e2e-access");
        env.put("PRESCIENT_S3_SECRET_KEY", "e2e-secret");
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("system property " + property + " must name the packaged application "
                    + "(quarkus-run.jar); got " + path + ". Run the build from the project root (./mvnw verify).");
        }
        return Path.of(path);
    }

    @Override
    public void stop() {
        if (predictor != null) {
            predictor.destroy();
            try {
                if (!predictor.waitFor(20, TimeUnit.SECONDS)) {
                    predictor.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (s3 != null) {
            s3.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (dir != null) {
            ServerProcesses.deleteRecursively(dir);
        }
    }

    /** The predictor process's log so far, for failure messages. */
    static String predictorLog() {
        Run r = run;
        Path file = r == null ? null : r.workloads().resolveSibling("predictor.log");
        try {
            return file == null ? "" : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }
}

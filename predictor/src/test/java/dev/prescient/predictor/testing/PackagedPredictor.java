package dev.prescient.predictor.testing;

import dev.prescient.common.testing.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged predictor ({@code target/quarkus-app/quarkus-run.jar}, named by the system property
 * {@value #JAR_PROPERTY}, which the build sets for failsafe) started as its own process, as the actuator's
 * end-to-end {@code RealStack} does, on a free port of 127.0.0.1; its output goes to {@code predictor.log} in
 * the given directory.
 */
public final class PackagedPredictor implements AutoCloseable {

    /** Not under prescient.predictor: the in-JVM tests would refuse it as an unknown key of that mapping. */
    public static final String JAR_PROPERTY = "prescient.test.predictor-jar";

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedPredictor(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts it with {@code jvmOptions} and {@code properties} ({@code -D}), and waits until it is ready. */
    public static PackagedPredictor start(Path dir, List<String> jvmOptions, Map<String, String> properties)
            throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " must name the packaged predictor "
                    + "(quarkus-run.jar), got " + jar + "; run it through failsafe: ./mvnw -pl predictor -am verify");
        }
        int port = ServerProcesses.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar));
        Path log = dir.resolve("predictor.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedPredictor predictor = new PackagedPredictor(process, log, port);
        try {
            predictor.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            predictor.close();
            throw e;
        }
        return predictor;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Its output so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the packaged predictor exited " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the packaged predictor was not ready within 3 minutes:\n" + log());
    }
}

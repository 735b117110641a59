package dev.prescient.common.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real S3 API server for integration tests: the runnable S3Mock jar (Spring Boot), which the
 * build copies to {@code target/s3mock/s3mock.jar} (maven-dependency-plugin, pre-integration-test)
 * and names in the system property {@code prescient.s3mock.jar}.
 *
 * <p>Started with {@code java -jar} on a free port, its store in a temporary directory; its
 * http port binds every address, so clients must use {@link #endpoint()} (127.0.0.1). It ignores
 * credentials; versioning and object tags work. {@link #close} stops it and deletes the store.
 */
public final class S3MockServer implements AutoCloseable {

    public static final String JAR_PROPERTY = "prescient.s3mock.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path dir;
    private final int port;

    private S3MockServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static S3MockServer start() throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock jar not found (system property " + JAR_PROPERTY + " = " + jar
                    + "); run the test through failsafe: ./mvnw -pl common verify");
        }
        Path dir = Files.createTempDirectory("s3mock-it-");
        Path store = Files.createDirectories(dir.resolve("store"));
        int port = ServerProcesses.freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--com.adobe.testing.s3mock.httpPort=" + port, "--server.port=" + ServerProcesses.freePort(),
                "--com.adobe.testing.s3mock.store.root=" + store, "--spring.main.banner-mode=off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3mock.log").toFile()).start();
        S3MockServer server = new S3MockServer(process, dir, port);
        try {
            server.awaitListening();
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, dir);
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3mock exited with " + process.exitValue() + " before it listened:\n"
                        + Files.readString(dir.resolve("s3mock.log")));
            }
            if (listening() && Files.readString(dir.resolve("s3mock.log")).contains("Started S3MockApplication")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("s3mock at " + endpoint() + " did not start within " + START_TIMEOUT + ":\n"
                + Files.readString(dir.resolve("s3mock.log")));
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}

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
import java.util.ArrayList;
import java.util.List;

/**
 * A real S3 API server for integration tests: the runnable S3Mock jar (Spring Boot), which the
 * build copies to {@code target/s3mock/s3mock.jar} (maven-dependency-plugin, pre-integration-test)
 * and names in the system property {@code prescient.s3mock.jar}.
 *
 * <p>Started with {@code java -jar} on a free port, its store in a temporary directory; its
 * http port binds every address, so clients must use {@link #endpoint()} (127.0.0.1). It ignores
 * credentials; versioning and object tags work. {@link #close} stops it and deletes the store.
 *
 * <p>It also serves https on a second port ({@link #httpsEndpoint()}), by default with S3Mock's own
 * certificate (for {@code localhost} only); {@link #startWithKeyStore} serves a certificate of the
 * test's choosing, e.g. one for {@code 127.0.0.1}.
 */
public final class S3MockServer implements AutoCloseable {

    public static final String JAR_PROPERTY = "prescient.s3mock.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path dir;
    private final int port;
    private final int httpsPort;

    private S3MockServer(Process process, Path dir, int port, int httpsPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.httpsPort = httpsPort;
    }

    public static S3MockServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /**
     * Serves https with the key {@code alias} of the PKCS#12 key store {@code keyStore} (key and store
     * protected by {@code password}).
     */
    public static S3MockServer startWithKeyStore(Path keyStore, String password, String alias)
            throws IOException, InterruptedException {
        return start(List.of("--server.ssl.key-store=file:" + keyStore.toAbsolutePath(),
                "--server.ssl.key-store-type=PKCS12", "--server.ssl.key-store-password=" + password,
                "--server.ssl.key-alias=" + alias, "--server.ssl.key-password=" + password));
    }

    private static S3MockServer start(List<String> extraArgs) throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock jar not found (system property " + JAR_PROPERTY + " = " + jar
                    + "); run the test through failsafe: ./mvnw -pl common verify");
        }
        Path dir = Files.createTempDirectory("s3mock-it-");
        Path store = Files.createDirectories(dir.resolve("store"));
        int port = ServerProcesses.freePort();
        int httpsPort = ServerProcesses.freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", jar, "--com.adobe.testing.s3mock.httpPort=" + port, "--server.port=" + httpsPort,
                "--com.adobe.testing.s3mock.store.root=" + store, "--spring.main.banner-mode=off"));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3mock.log").toFile()).start();
        S3MockServer server = new S3MockServer(process, dir, port, httpsPort);
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

    /** {@code https://127.0.0.1:<https port>}. */
    public URI httpsEndpoint() {
        return URI.create("https://127.0.0.1:" + httpsPort);
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

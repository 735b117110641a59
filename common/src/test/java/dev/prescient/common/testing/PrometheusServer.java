package dev.prescient.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian package) for integration tests, loaded
 * with history before it starts:
 *
 * <ol>
 *   <li>the OpenMetrics text is written to a temporary directory and turned into TSDB blocks
 *       with {@code promtool tsdb create-blocks-from openmetrics} directly in the data directory,
 *       so Prometheus loads them at start-up;</li>
 *   <li>Prometheus starts on a free 127.0.0.1 port with a config that scrapes nothing (so
 *       nothing but the backfilled history is stored) and {@code --storage.tsdb.retention.time=100y};</li>
 *   <li>{@link #start} returns once {@code /-/ready} answers 200; {@link #close} stops the
 *       process and deletes the directory.</li>
 * </ol>
 *
 * <p>Timestamps are kept as they are (the traces are from 2021), not shifted to now: queries
 * name their range explicitly, so old data needs no shift, and tests stay independent of the
 * clock. Old blocks are safe: time-based retention counts back from the newest block, not from
 * the wall clock, and 100 years keeps every block of a trace anyway (the 15-day default would
 * drop the start of a 22-day trace). Backfilling data near "now" would also work because no
 * scrape writes to the head. Backfilling 15 days of one series at one sample a minute takes
 * under a second.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** 31 days in hours: promtool does not read "d". */
    private static final String MAX_BLOCK_DURATION = "744h";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path dir, URI url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /**
     * Backfills {@code openMetrics} (see {@link OpenMetrics}) and starts Prometheus.
     *
     * @throws IllegalStateException with promtool's or Prometheus' output when either fails
     */
    public static PrometheusServer start(String openMetrics) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("prometheus-it-");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path input = Files.writeString(dir.resolve("backfill.om.txt"), openMetrics);
        // promtool's (hidden) --max-block-duration: few large blocks instead of one per 2 h, which
        // makes 15 days backfill in under a second instead of 15 s, and leaves nothing to compact.
        run(List.of(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", "--quiet",
                "--max-block-duration=" + MAX_BLOCK_DURATION, input.toString(), data.toString()),
                dir.resolve("promtool.log"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
        int port = ServerProcesses.freePort();
        Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, dir, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady();
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Server root, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    /**
     * How many requests to {@code handler} (e.g. {@code /api/v1/query_range}) Prometheus has
     * answered with {@code code}, from its own {@code prometheus_http_requests_total} metric.
     */
    public long requestCount(String handler, int code) throws IOException, InterruptedException {
        String metrics = get("/metrics").body();
        Matcher m = Pattern.compile("^prometheus_http_requests_total\\{code=\"" + code + "\",handler=\""
                + Pattern.quote(handler) + "\"} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, dir);
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + " before it was "
                        + "ready:\n" + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus at " + url + " was not ready after " + START_TIMEOUT + ":\n"
                + Files.readString(dir.resolve("prometheus.log")));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
    }
}

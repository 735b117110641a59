package dev.prescient.predictor.testing;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.ServerProcesses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real servers for the predictor's integration tests, started before the application:
 * <ul>
 *   <li>Prometheus (the Debian binary), backfilled with the gauge {@code prescient_test_rps{workload}} for
 *       each workload: {@link DailyLoad} every minute from three days ago until two hours from now;</li>
 *   <li>an S3 API server (S3Mock) holding two trained tiny LSTMs: version A is production for
 *       {@code shop/api}, {@code shop/hot} and {@code shop/corrupt}; {@code shop/cart} has only a
 *       candidate, so it answers from the fallback. Version B is left on disk for the tests to upload.</li>
 * </ul>
 * The application polls the registry every {@value #POLL_SECONDS} s.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    public static final List<String> WORKLOADS = List.of("api", "hot", "corrupt", "cart");
    public static final long POLL_SECONDS = 2;
    public static final String BUCKET = "prescient-models";
    public static final String PREFIX = "models";
    public static final String MODEL_B_DIR = "prescient.test.model-b-dir";
    public static final String VERSION_A = "prescient.test.version-a";

    private S3MockServer s3;
    private PrometheusServer prometheus;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("predictor-it-");
            prometheus = PrometheusServer.start(backfill(Instant.now().truncatedTo(ChronoUnit.MINUTES)));
            s3 = S3MockServer.start();
            Path a = TinyLstm.trainAndSave(dir.resolve("model-a"), 1, Instant.parse("2026-11-20T01:00:00Z"));
            Path b = TinyLstm.trainAndSave(dir.resolve("model-b"), 2, Instant.parse("2026-11-21T01:00:00Z"));
            ModelRegistry registry = new S3ModelRegistry(settings(s3));
            String versionA = null;
            for (String name : WORKLOADS) {
                versionA = registry.upload("shop/" + name, a);
                if (!"cart".equals(name)) {
                    registry.promote("shop/" + name, versionA, "integration test");
                }
            }
            Map<String, String> config = new HashMap<>();
            config.put("prescient.predictor.workloads-file", workloads().toString());
            config.put("prescient.predictor.model-cache-dir", dir.resolve("cache").toString());
            config.put("prescient.predictor.poll-interval", POLL_SECONDS + "s");
            config.put("prescient.prometheus.url", prometheus.url().toString());
            config.put("prescient.s3.endpoint", s3.endpoint().toString());
            config.put("prescient.s3.bucket", BUCKET);
            config.put("prescient.s3.prefix", PREFIX);
            config.put("prescient.s3.access-key", "test");
            config.put("prescient.s3.secret-key", "test-secret");
            config.put(MODEL_B_DIR, b.toString());
            config.put(VERSION_A, versionA);
            return config;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (dir != null) {
            ServerProcesses.deleteRecursively(dir);
        }
    }

    /** Settings of the S3 server at {@code endpoint}, as the application gets them. */
    public static RegistrySettings settings(String endpoint) {
        return new RegistrySettings(java.net.URI.create(endpoint), BUCKET, PREFIX, "test", "test-secret", null,
                Duration.ofSeconds(10));
    }

    private static RegistrySettings settings(S3MockServer server) {
        return settings(server.endpoint().toString());
    }

    private Path workloads() throws IOException {
        StringBuilder yaml = new StringBuilder("workloads:\n");
        for (String name : WORKLOADS) {
            yaml.append("""
                      - name: %s
                        namespace: shop
                        target: {kind: Deployment, name: %s}
                        query: prescient_test_rps{workload="%s"}
                        capacityPerPod: 50
                        minReplicas: 1
                        maxReplicas: 20
                        step: 5m
                        horizon: 30m
                        mode: dry-run
                    """.formatted(name, name, name));
        }
        return Files.writeString(dir.resolve("workloads.yaml"), yaml);
    }

    /** OpenMetrics text of the gauge for every workload, one sample a minute over [now - 3 d, now + 2 h). */
    public static String backfill(Instant now) {
        Instant from = now.minus(Duration.ofDays(3));
        int minutes = (int) Duration.between(from, now.plus(Duration.ofHours(2))).toMinutes();
        StringBuilder text = new StringBuilder("# TYPE prescient_test_rps gauge\n# HELP prescient_test_rps Test load.\n");
        for (String name : WORKLOADS) {
            double[] values = DailyLoad.values(from, Duration.ofMinutes(1), minutes, name.hashCode());
            for (int i = 0; i < minutes; i++) {
                text.append("prescient_test_rps{workload=\"").append(name).append("\"} ")
                        .append(String.format(java.util.Locale.ROOT, "%.4f", values[i])).append(' ')
                        .append(from.plus(Duration.ofMinutes(i)).getEpochSecond()).append('\n');
            }
        }
        return text.append("# EOF\n").toString();
    }
}

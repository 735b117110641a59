package dev.prescient.predictor.testing;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.SelfSignedCertificate;
import dev.prescient.common.testing.ServerProcesses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A registry served over https with a private CA: S3Mock with a self-signed certificate for 127.0.0.1 made
 * for the test, holding a tiny LSTM as {@code shop/api}'s production model. The application is pointed at it
 * with {@code prescient.s3.ca-file} naming the certificate's PEM.
 */
public class HttpsRegistry implements QuarkusTestResourceLifecycleManager {

    public static final String WORKLOAD = "shop/api";
    public static final String BUCKET = "prescient-tls";
    /** Config key under which the test finds the production version. */
    public static final String VERSION = "prescient.test.tls-version";

    private Path dir;
    private S3MockServer server;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("predictor-s3-tls-");
            SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "s3mock");
            server = S3MockServer.startWithKeyStore(certificate.keyStore(), certificate.password(),
                    certificate.alias());
            ModelRegistry trainer = new S3ModelRegistry(new RegistrySettings(server.httpsEndpoint(), BUCKET, "models",
                    "trainer", "trainer-secret", null, Duration.ofSeconds(10)).withCaFile(certificate.pem()));
            String version = trainer.upload(WORKLOAD, TinyLstm.trainAndSave(dir.resolve("model"), 1,
                    Instant.parse("2026-11-20T01:00:00Z")));
            trainer.promote(WORKLOAD, version, "S3TlsIT");
            Path workloads = Files.writeString(dir.resolve("workloads.yaml"), """
                    workloads:
                      - {name: api, namespace: shop, target: {kind: Deployment, name: api}, capacityPerPod: 50,
                         query: 'prescient_test_rps{workload="api"}', minReplicas: 1, maxReplicas: 20, step: 5m,
                         horizon: 30m, mode: dry-run}
                    """);
            return Map.of("prescient.predictor.workloads-file", workloads.toString(),
                    "prescient.predictor.model-cache-dir", dir.resolve("cache").toString(),
                    "prescient.s3.endpoint", server.httpsEndpoint().toString(), "prescient.s3.bucket", BUCKET,
                    "prescient.s3.access-key", "predictor", "prescient.s3.secret-key", "predictor-secret",
                    "prescient.s3.timeout", "10s", "prescient.s3.ca-file", certificate.pem().toString(),
                    VERSION, version);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the https registry: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            ServerProcesses.deleteRecursively(dir);
        }
    }
}

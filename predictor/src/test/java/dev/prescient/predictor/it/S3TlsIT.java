package dev.prescient.predictor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.SelfSignedCertificate;
import dev.prescient.common.testing.ServerProcesses;
import dev.prescient.predictor.serving.ModelLifecycle;
import dev.prescient.predictor.serving.ModelSlot;
import dev.prescient.predictor.serving.PredictorConfig;
import dev.prescient.predictor.serving.PredictorMetrics;
import dev.prescient.predictor.serving.RegistryConfig;
import dev.prescient.predictor.serving.WorkloadCatalog;
import dev.prescient.predictor.testing.TinyLstm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The predictor's registry over https with a private CA, as the trainer's {@code S3TlsIT}: S3Mock serves a
 * self-signed certificate for 127.0.0.1 made for this test; the predictor, configured through the environment
 * variables the Deployment sets ({@code PRESCIENT_S3_ENDPOINT}, {@code PRESCIENT_S3_CA_FILE}, ...), loads the
 * production LSTM over https when it trusts the CA file, and answers from the fallback, naming the TLS
 * failure, when it does not.
 */
class S3TlsIT {

    static final String WORKLOAD = "shop/api";

    static Path dir;
    static SelfSignedCertificate certificate;
    static S3MockServer server;
    static String version;

    @BeforeAll
    static void startServerWithAProductionModel() throws Exception {
        dir = Files.createTempDirectory("predictor-s3-tls-it-");
        certificate = SelfSignedCertificate.create(dir, "s3mock");
        server = S3MockServer.startWithKeyStore(certificate.keyStore(), certificate.password(), certificate.alias());
        ModelRegistry trainer = new S3ModelRegistry(new RegistrySettings(server.httpsEndpoint(), "prescient-tls",
                "models", "trainer", "trainer-secret", null, Duration.ofSeconds(10)).withCaFile(certificate.pem()));
        Path model = TinyLstm.trainAndSave(dir.resolve("model"), 1, Instant.parse("2026-11-20T01:00:00Z"));
        version = trainer.upload(WORKLOAD, model);
        trainer.promote(WORKLOAD, version, "S3TlsIT");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            ServerProcesses.deleteRecursively(dir);
        }
    }

    @Test
    void servesTheProductionModelOverHttpsTrustingTheCaFile() throws Exception {
        ModelSlot slot = load(Optional.of(certificate.pem()), "trusting");

        assertThat(slot.current()).as("serving model, last error %s", slot.state().lastError()).isPresent();
        assertThat(slot.current().orElseThrow().version()).isEqualTo(version);
    }

    @Test
    void withoutTheCaFileItAnswersFromTheFallbackNamingTheTlsFailure() throws Exception {
        ModelSlot slot = load(Optional.empty(), "untrusting");

        assertThat(slot.current()).isEmpty();
        assertThat(slot.state().lastError()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("cannot ask the registry for the production version: ")
                .contains(": TLS failed: ")
                .endsWith("signed by the configured CA file (none: the JVM's trust store)"));
    }

    /** Starts a lifecycle configured from the environment and waits for its first load of {@link #WORKLOAD}. */
    private static ModelSlot load(Optional<Path> caFile, String name) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "PRESCIENT_PREDICTOR_WORKLOADS_FILE", workloads().toString(),
                "PRESCIENT_PREDICTOR_MODEL_CACHE_DIR", dir.resolve("cache-" + name).toString(),
                "PRESCIENT_S3_ENDPOINT", server.httpsEndpoint().toString(),
                "PRESCIENT_S3_BUCKET", "prescient-tls",
                "PRESCIENT_S3_ACCESS_KEY", "predictor",
                "PRESCIENT_S3_SECRET_KEY", "predictor-secret",
                "PRESCIENT_S3_TIMEOUT", "10s"));
        caFile.ifPresent(pem -> env.put("PRESCIENT_S3_CA_FILE", pem.toString()));
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PredictorConfig.class)
                .withMapping(RegistryConfig.class).withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300)).build();
        PredictorConfig predictor = config.getConfigMapping(PredictorConfig.class);
        ModelLifecycle models = new ModelLifecycle(predictor, WorkloadCatalog.load(Path.of(predictor.workloadsFile())),
                ModelLifecycle.registry(config.getConfigMapping(RegistryConfig.class)),
                new PredictorMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
        models.start(() -> { });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!models.ready() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(models.ready()).as("models loaded within 60 s").isTrue();
        return models.slot(WORKLOAD).orElseThrow();
    }

    private static Path workloads() throws Exception {
        Path file = dir.resolve("workloads.yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    workloads:
                      - name: api
                        namespace: shop
                        target: {kind: Deployment, name: api}
                        query: prescient_test_rps{workload="api"}
                        capacityPerPod: 50
                        minReplicas: 1
                        maxReplicas: 20
                        step: 5m
                        horizon: 30m
                        mode: dry-run
                    """);
        }
        return file;
    }
}

package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.SelfSignedCertificate;
import dev.prescient.common.testing.StubModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry over https: S3Mock serving a self-signed certificate for 127.0.0.1 made for this test,
 * trusted through the registry's CA file.
 */
class S3TlsIT {

    static final String BUCKET = "prescient-tls";

    static Path certificates;
    static SelfSignedCertificate serverCertificate;
    static S3MockServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        certificates = Files.createTempDirectory("s3-tls-it-");
        serverCertificate = SelfSignedCertificate.create(certificates, "s3mock");
        server = S3MockServer.startWithKeyStore(serverCertificate.keyStore(), serverCertificate.password(),
                serverCertificate.alias());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (certificates != null) {
            dev.prescient.common.testing.ServerProcesses.deleteRecursively(certificates);
        }
    }

    @Test
    void uploadsListsAndDownloadsOverHttpsTrustingTheCaFile() {
        S3ModelRegistry registry = new S3ModelRegistry(settings().withCaFile(serverCertificate.pem()));

        String version = registry.upload("shop/tls", artifact("shop/tls"));

        assertThat(registry.list("shop/tls")).extracting(ModelVersion::version).containsExactly(version);
        assertThat(registry.download("shop/tls", version, tmp.resolve("down")).parameters())
                .isEqualTo("over-tls".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheCaFileTheHandshakeFailsWithAClearError() {
        S3ModelRegistry registry = new S3ModelRegistry(settings());

        assertThatThrownBy(() -> registry.list("shop/untrusted"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot list s3://" + BUCKET + "/models/shop/untrusted/ at "
                        + server.httpsEndpoint() + ": TLS failed: ")
                .hasMessageEndingWith("; check that the endpoint serves https and that its certificate is signed by"
                        + " the configured CA file (none: the JVM's trust store)");
    }

    @Test
    void aCaFileOfAnotherCaIsRefusedByTheHandshake() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.create(tmp, "other-ca");
        S3ModelRegistry registry = new S3ModelRegistry(settings().withCaFile(other.pem()));

        assertThatThrownBy(() -> registry.list("shop/other"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(": TLS failed: ")
                .hasMessageEndingWith("signed by the configured CA file (" + other.pem() + ")");
    }

    private static RegistrySettings settings() {
        URI https = server.httpsEndpoint();
        return new RegistrySettings(https, BUCKET, "models", "test", "secret", null, Duration.ofSeconds(10));
    }

    private Path artifact(String workload) {
        Path dir = tmp.resolve("artifact");
        Clock at = Clock.fixed(Instant.parse("2026-11-27T04:12:00Z"), ZoneOffset.UTC);
        ModelArtifacts.save(new StubModel("over-tls", 0.8), dir, m -> m.withWorkload(workload)
                .withValidationMetrics("seasonal-naive", new ValidationMetrics(2, 1.0, 0.5)), at);
        return dir;
    }
}

package dev.prescient.predictor.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.prescient.common.registry.RegistryException;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.predictor.api.Readiness;
import dev.prescient.predictor.serving.RegistryConfig;
import dev.prescient.predictor.testing.HttpsRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The predictor's registry over https with a private CA, as the trainer's {@code S3TlsIT}: with
 * {@code prescient.s3.ca-file} naming the CA's PEM, the predictor loads the production LSTM from S3Mock serving
 * a self-signed certificate; the same settings without the CA file fail the TLS handshake with a clear error.
 * (A {@code @QuarkusTest}: the LSTM's natives can be loaded by one class loader per JVM only.)
 */
@QuarkusTest
@WithTestResource(HttpsRegistry.class)
class S3TlsIT {

    @Inject
    RegistryConfig registry;

    @Test
    void servesTheProductionModelLoadedOverHttpsTrustingTheCaFile() {
        Readiness.await();
        String version = ConfigProvider.getConfig().getValue(HttpsRegistry.VERSION, String.class);

        given().when().get("/workloads").then().statusCode(200)
                .body("find { it.workload == 'shop/api' }.state", equalTo("model"))
                .body("find { it.workload == 'shop/api' }.model.version", equalTo(version))
                .body("find { it.workload == 'shop/api' }.lastError", equalTo(null));
    }

    @Test
    void withoutTheCaFileTheHandshakeFailsWithAClearError() {
        RegistrySettings trusting = registry.toSettings().orElseThrow();
        RegistrySettings untrusting = new RegistrySettings(trusting.endpoint(), trusting.bucket(), trusting.prefix(),
                trusting.accessKey(), trusting.secretKey(), trusting.region(), trusting.timeout());

        assertThatThrownBy(() -> new S3ModelRegistry(untrusting).production(HttpsRegistry.WORKLOAD))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(": TLS failed: ")
                .hasMessageEndingWith("signed by the configured CA file (none: the JVM's trust store)");
    }
}

package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrySettingsTest {

    @Test
    void toStringNeverShowsTheSecretKey() {
        RegistrySettings settings = new RegistrySettings(URI.create("http://minio:9000"), "models", "prescient",
                "AKIA123", "very-secret-value", "eu-west-1", Duration.ofSeconds(10));
        assertThat(settings.toString()).contains("secretKey=***", "accessKey=AKIA123", "bucket=models")
                .doesNotContain("very-secret-value");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, ''", "/models/, models", "a/b/, a/b"})
    void prefixLosesOuterSlashesAndRegionDefaults(String prefix, String expected) {
        RegistrySettings settings = new RegistrySettings(URI.create("http://minio:9000"), "models", prefix, "a", "s",
                null, null);
        assertThat(settings.prefix()).isEqualTo(expected);
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCaFileNeedsAnHttpsEndpoint() {
        RegistrySettings plain = new RegistrySettings(URI.create("http://minio:9000"), "models", "", "a", "s", null,
                null);
        assertThatThrownBy(() -> plain.withCaFile(Path.of("/etc/prescient/ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the S3 CA file /etc/prescient/ca.pem is set but the endpoint http://minio:9000 is not"
                        + " https; use an https endpoint or drop the CA file");
    }

    @Test
    void toStringNamesTheCaFile() {
        RegistrySettings settings = new RegistrySettings(URI.create("https://minio:9000"), "models", "", "a", "s",
                null, null);
        assertThat(settings.caFile()).isNull();
        assertThat(settings.toString()).contains("caFile=(JVM default)");
        assertThat(settings.withCaFile(Path.of("/ca.pem")).toString()).contains("caFile=/ca.pem");
    }
}

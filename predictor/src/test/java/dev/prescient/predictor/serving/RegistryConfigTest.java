package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.registry.RegistrySettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code prescient.s3.*} read from the environment variables the trainer also reads, as Quarkus maps them
 * ({@code PRESCIENT_S3_CA_FILE} → {@code prescient.s3.ca-file}), and the start-up errors of a CA file.
 */
class RegistryConfigTest {

    @TempDir
    static Path tmp;

    private static RegistryConfig fromEnvironment(Map<String, String> env) {
        return new SmallRyeConfigBuilder().withMapping(RegistryConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .build().getConfigMapping(RegistryConfig.class);
    }

    private static Map<String, String> env(String endpoint, String caFile) {
        Map<String, String> env = new HashMap<>(Map.of("PRESCIENT_S3_ENDPOINT", endpoint,
                "PRESCIENT_S3_ACCESS_KEY", "reader", "PRESCIENT_S3_SECRET_KEY", "secret"));
        if (caFile != null) {
            env.put("PRESCIENT_S3_CA_FILE", caFile);
        }
        return env;
    }

    @Test
    void trustsTheCaFileNamedByTheEnvironmentForAnHttpsEndpoint() throws IOException {
        Path pem = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        RegistrySettings settings = fromEnvironment(env("https://minio.minio.svc:9000", pem.toString()))
                .toSettings().orElseThrow();

        assertThat(settings.caFile()).isEqualTo(pem);
        assertThat(fromEnvironment(env("https://s3.amazonaws.com", null)).toSettings().orElseThrow().caFile()).isNull();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', value = {
        "http://minio:9000  | {pem}     | prescient.s3.ca-file (PRESCIENT_S3_CA_FILE) {pem} is set but the endpoint "
                + "http://minio:9000 is not https; use an https endpoint or drop the CA file",
        "https://minio:9000 | {missing} | prescient.s3.ca-file (PRESCIENT_S3_CA_FILE) {missing} is not a readable "
                + "file; give the PEM file of the CA that signed the S3 endpoint's certificate",
    })
    void aCaFileThatCannotBeUsedStopsTheStartNamingTheKey(String endpoint, String caFile, String message)
            throws IOException {
        Path pem = Files.writeString(tmp.resolve("other.pem"), "pem");
        String missing = tmp.resolve("missing.pem").toString();
        RegistryConfig config = fromEnvironment(env(endpoint, caFile.replace("{pem}", pem.toString())
                .replace("{missing}", missing)));

        assertThatThrownBy(config::toSettings).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message.replace("{pem}", pem.toString()).replace("{missing}", missing));
    }
}

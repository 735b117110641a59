package dev.prescient.predictor.serving;

import dev.prescient.common.registry.RegistrySettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code prescient.s3.*}: the model registry, under the names the trainer uses, so the same
 * environment variables configure both: {@code PRESCIENT_S3_ENDPOINT}, {@code PRESCIENT_S3_BUCKET},
 * {@code PRESCIENT_S3_PREFIX}, {@code PRESCIENT_S3_REGION}, {@code PRESCIENT_S3_ACCESS_KEY},
 * {@code PRESCIENT_S3_SECRET_KEY}, {@code PRESCIENT_S3_CA_FILE}. Without an endpoint there is no registry and
 * every workload answers from the fallback forecaster.
 */
@ConfigMapping(prefix = "prescient.s3")
public interface RegistryConfig {

    String CA_FILE = "prescient.s3.ca-file (PRESCIENT_S3_CA_FILE)";

    /** S3 API root, e.g. {@code http://minio:9000}. */
    Optional<String> endpoint();

    @WithDefault("prescient-models")
    String bucket();

    @WithDefault("models")
    String prefix();

    @WithDefault("us-east-1")
    String region();

    Optional<String> accessKey();

    Optional<String> secretKey();

    /** Connect, read and write timeout of each S3 request. */
    @WithDefault("30s")
    Duration timeout();

    /**
     * PEM file with the CA certificate(s) that signed an https endpoint's certificate, trusted instead of the
     * JVM's trust store (a private CA, e.g. MinIO's); only with an https endpoint.
     */
    Optional<String> caFile();

    /**
     * The registry settings, or empty when no endpoint is set.
     *
     * @throws IllegalArgumentException naming the key or variable when a setting is missing or malformed
     */
    default Optional<RegistrySettings> toSettings() {
        Optional<String> endpoint = endpoint().map(String::strip).filter(e -> !e.isEmpty());
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(endpoint.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prescient.s3.endpoint (PRESCIENT_S3_ENDPOINT) '" + endpoint.get()
                    + "' is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("prescient.s3.endpoint (PRESCIENT_S3_ENDPOINT) '" + endpoint.get()
                    + "' is not an absolute URL; use e.g. http://minio:9000");
        }
        String access = accessKey().filter(k -> !k.isBlank()).orElseThrow(() -> missingCredential());
        String secret = secretKey().filter(k -> !k.isBlank()).orElseThrow(() -> missingCredential());
        RegistrySettings settings = new RegistrySettings(uri, bucket(), prefix(), access, secret, region(), timeout());
        Optional<Path> ca = caFile().map(String::strip).filter(f -> !f.isEmpty()).map(Path::of);
        if (ca.isEmpty()) {
            return Optional.of(settings);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(CA_FILE + " " + ca.get() + " is set but the endpoint " + endpoint.get()
                    + " is not https; use an https endpoint or drop the CA file");
        }
        if (!Files.isRegularFile(ca.get()) || !Files.isReadable(ca.get())) {
            throw new IllegalArgumentException(CA_FILE + " " + ca.get() + " is not a readable file; give the PEM file "
                    + "of the CA that signed the S3 endpoint's certificate");
        }
        return Optional.of(settings.withCaFile(ca.get()));
    }

    private static IllegalArgumentException missingCredential() {
        return new IllegalArgumentException("prescient.s3.endpoint is set but the credentials are not; set both "
                + "PRESCIENT_S3_ACCESS_KEY and PRESCIENT_S3_SECRET_KEY (prescient.s3.access-key / secret-key)");
    }
}

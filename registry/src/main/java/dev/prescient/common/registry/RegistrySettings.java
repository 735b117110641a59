package dev.prescient.common.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the registry lives. {@link #toString()} never shows the secret key.
 *
 * @param endpoint S3 API root, e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com}
 * @param bucket bucket name; created with versioning on first use if missing
 * @param prefix key prefix inside the bucket, e.g. {@code models}; empty for none
 * @param accessKey access key id
 * @param secretKey secret access key
 * @param region signing region, e.g. {@code us-east-1}
 * @param timeout connect, read and write timeout of each request
 * @param caFile PEM file with the CA certificate(s) to trust for an https endpoint instead of the JVM's; null
 *               for the JVM's trust store
 */
public record RegistrySettings(URI endpoint, String bucket, String prefix, String accessKey, String secretKey,
                               String region, Duration timeout, Path caFile) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public RegistrySettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("registry bucket is empty; set the bucket name");
        }
        if (caFile != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("the S3 CA file " + caFile + " is set but the endpoint " + endpoint
                    + " is not https; use an https endpoint or drop the CA file");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Settings that trust the JVM's CA certificates. */
    public RegistrySettings(URI endpoint, String bucket, String prefix, String accessKey, String secretKey,
                            String region, Duration timeout) {
        this(endpoint, bucket, prefix, accessKey, secretKey, region, timeout, null);
    }

    /** The same settings trusting the CA certificate(s) in the PEM file {@code pem} for https. */
    public RegistrySettings withCaFile(Path pem) {
        return new RegistrySettings(endpoint, bucket, prefix, accessKey, secretKey, region, timeout, pem);
    }

    @Override
    public String toString() {
        return "RegistrySettings[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? "null" : "***") + ", region=" + region
                + ", timeout=" + timeout + ", caFile=" + (caFile == null ? "(JVM default)" : caFile) + "]";
    }
}

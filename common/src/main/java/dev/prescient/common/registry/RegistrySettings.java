package dev.prescient.common.registry;

import java.net.URI;
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
 */
public record RegistrySettings(URI endpoint, String bucket, String prefix, String accessKey, String secretKey,
                               String region, Duration timeout) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public RegistrySettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("registry bucket is empty; set the bucket name");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    @Override
    public String toString() {
        return "RegistrySettings[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? "null" : "***") + ", region=" + region
                + ", timeout=" + timeout + "]";
    }
}

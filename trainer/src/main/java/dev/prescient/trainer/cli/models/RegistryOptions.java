package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the model registry lives. Endpoint, bucket, prefix and region come from options or their
 * environment variables; the credentials only from {@code PRESCIENT_S3_ACCESS_KEY} and
 * {@code PRESCIENT_S3_SECRET_KEY}, so they never show in a process list or in help output.
 */
public class RegistryOptions {

    static final String ACCESS_KEY_ENV = "PRESCIENT_S3_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "PRESCIENT_S3_SECRET_KEY";

    @Option(names = "--s3-endpoint", defaultValue = "${env:PRESCIENT_S3_ENDPOINT}",
            description = "S3 API root, e.g. http://minio:9000 (env PRESCIENT_S3_ENDPOINT).")
    String endpoint;

    @Option(names = "--s3-bucket", defaultValue = "${env:PRESCIENT_S3_BUCKET:-prescient-models}",
            description = "Bucket (env PRESCIENT_S3_BUCKET, default ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--s3-prefix", defaultValue = "${env:PRESCIENT_S3_PREFIX:-models}",
            description = "Key prefix inside the bucket (env PRESCIENT_S3_PREFIX, default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--s3-region", defaultValue = "${env:PRESCIENT_S3_REGION:-us-east-1}",
            description = "Signing region (env PRESCIENT_S3_REGION, default ${DEFAULT-VALUE}).")
    String region;

    /** Reads environment variables; replaced in tests. */
    Function<String, String> env = System::getenv;

    /** Reads the credentials through {@code lookup} instead of the process environment (tests, embedding). */
    public void useEnvironment(Function<String, String> lookup) {
        this.env = lookup;
    }

    /** The registry these options name; the endpoint must be set. */
    public ModelRegistry open() {
        return new S3ModelRegistry(settings());
    }

    /** The training locks in the same bucket and prefix; the endpoint must be set. */
    public LeaseLock openLock() {
        return new LeaseLock(settings(), Clock.systemUTC());
    }

    RegistrySettings settings() {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(
                    "no S3 endpoint: pass --s3-endpoint or set PRESCIENT_S3_ENDPOINT, e.g. http://minio:9000");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--s3-endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        return new RegistrySettings(uri, bucket, prefix, credential(ACCESS_KEY_ENV), credential(SECRET_KEY_ENV),
                region, null);
    }

    private String credential(String variable) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable
                    + " is not set; set both " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV + " to the S3 credentials");
        }
        return value;
    }
}

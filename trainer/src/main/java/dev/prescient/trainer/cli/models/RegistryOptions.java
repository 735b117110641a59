package dev.prescient.trainer.cli.models;

import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.LockedChanges;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the model registry lives. Endpoint, bucket, prefix, region and TLS come from options or their
 * environment variables; the credentials only from {@code PRESCIENT_S3_ACCESS_KEY} and
 * {@code PRESCIENT_S3_SECRET_KEY}, so they never show in a process list or in help output.
 * An endpoint without a scheme ({@code minio:9000}) is https with {@code --s3-secure}, else http.
 */
public class RegistryOptions {

    static final String ACCESS_KEY_ENV = "PRESCIENT_S3_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "PRESCIENT_S3_SECRET_KEY";

    @Option(names = "--s3-endpoint", defaultValue = "${env:PRESCIENT_S3_ENDPOINT}",
            description = "S3 API root, e.g. http://minio:9000 or https://minio:9000 (env PRESCIENT_S3_ENDPOINT).")
    String endpoint;

    @Option(names = "--s3-secure", defaultValue = "${env:PRESCIENT_S3_SECURE:-false}", arity = "0..1",
            description = "Use https for an endpoint given without scheme (env PRESCIENT_S3_SECURE, default"
                    + " ${DEFAULT-VALUE}).")
    boolean secure;

    @Option(names = "--s3-ca-file", defaultValue = "${env:PRESCIENT_S3_CA_FILE}", paramLabel = "PEM",
            description = "PEM file with the CA certificate(s) that signed the https endpoint's certificate, trusted"
                    + " instead of the JVM's (env PRESCIENT_S3_CA_FILE).")
    Path caFile;

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

    /**
     * Runs changes under the workload lock as {@code $HOSTNAME/<command>/<random id>}, with a lease of
     * {@link LockedChanges#DEFAULT_LEASE} renewed while the change runs.
     */
    public LockedChanges openChanges(String command) {
        String host = env.apply("HOSTNAME");
        String owner = (host == null || host.isBlank() ? "unknown-host" : host.strip()) + "/" + command + "/"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new LockedChanges(openLock(), owner, LockedChanges.DEFAULT_LEASE);
    }

    RegistrySettings settings() {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(
                    "no S3 endpoint: pass --s3-endpoint or set PRESCIENT_S3_ENDPOINT, e.g. http://minio:9000");
        }
        return new RegistrySettings(endpointUri(), bucket, prefix, credential(ACCESS_KEY_ENV),
                credential(SECRET_KEY_ENV), region, null, caFile);
    }

    private URI endpointUri() {
        String text = endpoint.strip();
        if (!text.contains("://")) {
            text = (secure ? "https://" : "http://") + text;
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--s3-endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--s3-endpoint '" + endpoint
                    + "' is not an http(s) URL with a host, e.g. https://minio:9000");
        }
        if (secure && "http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--s3-endpoint " + uri + " is http but --s3-secure (PRESCIENT_S3_SECURE)"
                    + " asks for https; give an https endpoint or drop --s3-secure");
        }
        return uri;
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

package dev.prescient.trainer.cli;

import dev.prescient.common.series.prometheus.PrometheusSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How {@code train} reaches Prometheus: the URL, TLS and auth of {@code prescient.prometheus.*}
 * ({@code PrometheusConfig}) under the same environment variables. Secrets (bearer token, password)
 * come only from the environment or from a file (a mounted Kubernetes Secret), never from an option
 * value, so they show neither in a process list nor in help output, and {@link PrometheusSettings}
 * never prints them.
 */
public class PrometheusOptions {

    static final String TOKEN_ENV = "PRESCIENT_PROMETHEUS_BEARER_TOKEN";
    static final String PASSWORD_ENV = "PRESCIENT_PROMETHEUS_PASSWORD";

    @Option(names = "--prometheus-url", defaultValue = "${env:PRESCIENT_PROMETHEUS_URL}",
            description = "Prometheus root URL (env PRESCIENT_PROMETHEUS_URL).")
    String url;

    @Option(names = "--prometheus-ca-file", defaultValue = "${env:PRESCIENT_PROMETHEUS_CA_FILE}", paramLabel = "PEM",
            description = "PEM file with the CA certificate(s) of Prometheus' https certificate, trusted instead of"
                    + " the JVM's (env PRESCIENT_PROMETHEUS_CA_FILE).")
    Path caFile;

    @Option(names = "--prometheus-bearer-token-file", paramLabel = "FILE",
            defaultValue = "${env:PRESCIENT_PROMETHEUS_BEARER_TOKEN_FILE}",
            description = "File holding the bearer token (env PRESCIENT_PROMETHEUS_BEARER_TOKEN_FILE); or set the"
                    + " token itself in PRESCIENT_PROMETHEUS_BEARER_TOKEN.")
    Path tokenFile;

    @Option(names = "--prometheus-username", defaultValue = "${env:PRESCIENT_PROMETHEUS_USERNAME}",
            description = "Basic auth user (env PRESCIENT_PROMETHEUS_USERNAME); the password comes from"
                    + " PRESCIENT_PROMETHEUS_PASSWORD or --prometheus-password-file.")
    String username;

    @Option(names = "--prometheus-password-file", paramLabel = "FILE",
            defaultValue = "${env:PRESCIENT_PROMETHEUS_PASSWORD_FILE}",
            description = "File holding the basic auth password (env PRESCIENT_PROMETHEUS_PASSWORD_FILE).")
    Path passwordFile;

    /** Reads environment variables; replaced in tests. */
    Function<String, String> env = System::getenv;

    /** Reads the secrets through {@code lookup} instead of the process environment (tests, embedding). */
    public void useEnvironment(Function<String, String> lookup) {
        this.env = lookup;
    }

    /**
     * @throws IllegalArgumentException naming the option or variable when a setting is missing, unreadable or
     *                                  contradictory
     */
    PrometheusSettings settings() {
        PrometheusSettings settings = PrometheusSettings.of(uri());
        Optional<String> token = secret("bearer token", TOKEN_ENV, "--prometheus-bearer-token-file", tokenFile);
        Optional<String> password = secret("password", PASSWORD_ENV, "--prometheus-password-file", passwordFile);
        Optional<String> user = Optional.ofNullable(username).filter(u -> !u.isBlank()).map(String::strip);
        if (token.isPresent() && (user.isPresent() || password.isPresent())) {
            throw new IllegalArgumentException("give Prometheus either a bearer token or a username and password,"
                    + " not both");
        }
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(user.isPresent()
                    ? "--prometheus-username is set but no password: set " + PASSWORD_ENV
                            + " or --prometheus-password-file"
                    : "a Prometheus password is set but no --prometheus-username (PRESCIENT_PROMETHEUS_USERNAME)");
        }
        if (token.isPresent()) {
            settings = settings.withBearerToken(token.get());
        } else if (user.isPresent()) {
            settings = settings.withBasicAuth(user.get(), password.get());
        }
        if (caFile != null) {
            requireReadable(caFile, "--prometheus-ca-file (PRESCIENT_PROMETHEUS_CA_FILE)");
            settings = settings.withCaFile(caFile);
        }
        return settings;
    }

    private URI uri() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no Prometheus URL: pass --prometheus-url or set "
                    + "PRESCIENT_PROMETHEUS_URL, e.g. http://prometheus:9090");
        }
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            // the reason and index only: the text may hold a password
            throw new IllegalArgumentException("--prometheus-url is not a valid URL: " + e.getReason() + " at index "
                    + e.getIndex());
        }
    }

    /** The secret from its variable or its file; both set is refused. */
    private Optional<String> secret(String what, String variable, String option, Path file) {
        String fromEnv = env.apply(variable);
        boolean inEnv = fromEnv != null && !fromEnv.isBlank();
        if (inEnv && file != null) {
            throw new IllegalArgumentException("the Prometheus " + what + " is set twice, in " + variable + " and in "
                    + option + " " + file + "; keep one");
        }
        if (inEnv) {
            return Optional.of(fromEnv.strip());
        }
        if (file == null) {
            return Optional.empty();
        }
        requireReadable(file, option);
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty; it must hold the " + what);
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file, String option) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + " is not a readable file");
        }
    }
}

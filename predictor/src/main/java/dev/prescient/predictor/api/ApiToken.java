package dev.prescient.predictor.api;

import dev.prescient.predictor.serving.PredictorConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token {@code /forecast} and {@code /workloads} require, read at start-up from
 * {@code prescient.predictor.auth.token-file}; without that setting nothing is required. Only the token's
 * SHA-256 is kept, and a presented token is compared by digest in constant time
 * ({@link MessageDigest#isEqual}), so neither its content nor its length leaks through timing.
 */
@Startup
@Singleton
public class ApiToken {

    static final String KEY = "prescient.predictor.auth.token-file (PRESCIENT_PREDICTOR_AUTH_TOKEN_FILE)";
    /** Longest token file read. */
    static final int MAX_BYTES = 4_096;
    private static final String SCHEME = "Bearer ";

    private final byte[] digest;

    @Inject
    public ApiToken(PredictorConfig config) {
        this(config.auth().tokenFile().filter(f -> !f.isBlank()).map(Path::of));
    }

    /**
     * @throws IllegalArgumentException naming the key when the file is missing, unreadable, too long or empty
     */
    ApiToken(Optional<Path> tokenFile) {
        this.digest = tokenFile.map(ApiToken::read).map(ApiToken::sha256).orElse(null);
    }

    /** Whether requests must present the token. */
    public boolean required() {
        return digest != null;
    }

    /** Whether {@code authorization} (the header's value, null when absent) presents the token. */
    public boolean accepts(String authorization) {
        if (digest == null) {
            return true;
        }
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(KEY + " " + file + " holds more than " + MAX_BYTES + " bytes; it "
                        + "must hold the token alone");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(KEY + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); mount the token's Secret there or unset the key to turn authentication off", e);
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(KEY + " " + file + " is empty; put the token in it");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.prescient.actuator.loop;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Adds {@code Authorization: Bearer <token>} to every call of {@link PredictorApi} when
 * {@code prescient.actuator.predictor.token-file} names the file of the token the predictor requires; without it
 * no header is sent. The file is read once, at start-up: a missing or empty one stops the start naming the key.
 * Surrounding whitespace (a trailing newline) is not part of the token, as for the predictor.
 */
@Startup
@Singleton
public class PredictorToken implements ClientHeadersFactory {

    static final String KEY = "prescient.actuator.predictor.token-file (PRESCIENT_ACTUATOR_PREDICTOR_TOKEN_FILE)";

    private final Optional<String> authorization;

    @Inject
    public PredictorToken(ActuatorConfig config) {
        this(config.predictor().tokenFile());
    }

    /**
     * @throws IllegalArgumentException naming the key when the file cannot be read or is empty
     */
    PredictorToken(Optional<Path> tokenFile) {
        this.authorization = tokenFile.map(file -> "Bearer " + read(file));
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        authorization.ifPresent(value -> headers.add(HttpHeaders.AUTHORIZATION, value));
        return headers;
    }

    private static String read(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(KEY + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); mount the predictor token's Secret there or unset the key", e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(KEY + " " + file + " is empty; put the predictor's token in it");
        }
        return token;
    }
}

package dev.prescient.predictor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code Authorization} headers the token accepts, and the start-up errors of a bad token file. */
class ApiTokenTest {

    @TempDir
    static Path tmp;

    private static ApiToken token(String fileContent) throws IOException {
        return new ApiToken(Optional.of(Files.writeString(Files.createTempFile(tmp, "token", ""), fileContent)));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
        "Bearer s3cr3t-token             | true",
        "bearer s3cr3t-token             | true",
        "BEARER   s3cr3t-token           | true",
        "Bearer s3cr3t-token2            | false",
        "Bearer s3cr3t-toke              | false",
        "Bearer S3CR3T-TOKEN             | false",
        "Bearer                          | false",
        "Basic s3cr3t-token              | false",
        "s3cr3t-token                    | false",
        "Bearers3cr3t-token              | false",
        "(none)                          | false",
    })
    void acceptsOnlyTheBearerToken(String header, boolean accepted) throws IOException {
        ApiToken token = token("s3cr3t-token\n");
        assertThat(token.required()).isTrue();
        assertThat(token.accepts(header)).isEqualTo(accepted);
    }

    @Test
    void withoutATokenFileNothingIsRequired() {
        ApiToken none = new ApiToken(Optional.empty());
        assertThat(none.required()).isFalse();
        assertThat(none.accepts(null)).isTrue();
        assertThat(none.accepts("Bearer anything")).isTrue();
    }

    @Test
    void aMissingEmptyOrOversizedFileStopsTheStartNamingTheKey() throws IOException {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> new ApiToken(Optional.of(missing))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prescient.predictor.auth.token-file (PRESCIENT_PREDICTOR_AUTH_TOKEN_FILE) " + missing
                        + " cannot be read (NoSuchFileException); mount the token's Secret there or unset the key to "
                        + "turn authentication off");
        assertThatThrownBy(() -> token(" \n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prescient.predictor.auth.token-file (PRESCIENT_PREDICTOR_AUTH_TOKEN_FILE) ")
                .hasMessageEndingWith(" is empty; put the token in it");
        assertThatThrownBy(() -> token("x".repeat(ApiToken.MAX_BYTES + 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(" holds more than 4096 bytes; it must hold the token alone");
    }
}

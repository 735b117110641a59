package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseCodecTest {

    private static final String AT = "s3://b/models/locks/shop/api.lock at http://s3";

    @Test
    void writesAndReadsBackTheSameLease() {
        Lease lease = new Lease("shop/api", "trainer-7f9c/run-1", Instant.parse("2026-11-27T04:12:00.123456789Z"),
                Instant.parse("2026-11-27T04:42:00.123456789Z"));

        byte[] body = LeaseCodec.write(lease);

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"owner\":\"trainer-7f9c/run-1\","
                + "\"acquiredAt\":\"2026-11-27T04:12:00.123456789Z\",\"expiresAt\":\"2026-11-27T04:42:00.123456789Z\"}");
        assertThat(LeaseCodec.read("shop/api", body, AT)).isEqualTo(lease);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json|Unrecognized token 'not'",
        "[]|not a JSON object",
        "{\"acquiredAt\":\"2026-11-27T04:12:00Z\",\"expiresAt\":\"2026-11-27T04:42:00Z\"}|field 'owner' is missing",
        "{\"owner\":\"a\",\"acquiredAt\":\"2026-11-27T04:12:00Z\",\"expiresAt\":7}|field 'expiresAt' is missing or not",
        "{\"owner\":\"a\",\"acquiredAt\":\"yesterday\",\"expiresAt\":\"2026-11-27T04:42:00Z\"}|'yesterday' could not be parsed",
    })
    void refusesABadBodyNamingTheLockAndHowToClearIt(String body, String problem) {
        assertThatThrownBy(() -> LeaseCodec.read("shop/api", body.getBytes(StandardCharsets.UTF_8), AT))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("cannot read the training lock " + AT + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith("delete the object if no trainer is running");
    }

    @Test
    void aLeaseExpiresAtItsExpiryInstant() {
        Instant expiry = Instant.parse("2026-11-27T04:42:00Z");
        Lease lease = new Lease("shop/api", "a", expiry.minusSeconds(1800), expiry);

        assertThat(lease.expiredAt(expiry.minusMillis(1))).isFalse();
        assertThat(lease.expiredAt(expiry)).isTrue();
    }
}

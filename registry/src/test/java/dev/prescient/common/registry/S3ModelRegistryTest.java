package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the registry refuses before it talks to any server (the endpoint here is never contacted). */
class S3ModelRegistryTest {

    final S3ModelRegistry registry = new S3ModelRegistry(new RegistrySettings(URI.create("http://127.0.0.1:9"),
            "models", "", "a", "s", null, Duration.ofSeconds(1)));

    @ParameterizedTest
    @CsvSource({"-1, PT0S", "0, -PT1H"})
    void pruneRefusesNegativeLimits(int keepNewest, Duration window) {
        assertThatThrownBy(() -> registry.prune("shop/api", keepNewest, window, true))
                .isInstanceOf(RegistryException.class)
                .hasMessage("cannot prune shop/api: keep-newest " + keepNewest + " and keep-production-within "
                        + window + " must not be negative");
    }

    @Test
    void aMalformedVersionIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> registry.promote("shop/api", "latest", "why"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("invalid model version 'latest': expected v<yyyyMMdd-HHmmss>-<6 hex>,"
                        + " e.g. v20261127-041200-3fa9c2");
    }
}

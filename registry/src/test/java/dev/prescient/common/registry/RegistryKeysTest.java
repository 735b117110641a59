package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryKeysTest {

    @Test
    void versionIdIsUtcTimeAndShaPrefix() {
        assertThat(RegistryKeys.versionId(Instant.parse("2026-11-27T04:12:00.700Z"), "3FA9C2deadbeef"))
                .isEqualTo("v20261127-041200-3fa9c2");
    }

    @ParameterizedTest
    @CsvSource({
            "models, shop/api, v20261127-041200-3fa9c2, models/shop/api/v20261127-041200-3fa9c2/manifest.json",
            "'', shop/api, v20261127-041200-3fa9c2, shop/api/v20261127-041200-3fa9c2/manifest.json"})
    void manifestKeyFollowsTheLayout(String prefix, String workload, String version, String key) {
        RegistryKeys keys = new RegistryKeys(prefix);
        assertThat(keys.manifest(workload, version)).isEqualTo(key);
        assertThat(keys.versionOfManifest(workload, key)).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"models/shop/api/v20261127-041200-3fa9c2/parameters.bin",
            "models/shop/api/latest/manifest.json", "models/shop/api2/v20261127-041200-3fa9c2/manifest.json"})
    void otherKeysAreNoVersions(String key) {
        assertThat(new RegistryKeys("models").versionOfManifest("shop/api", key)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "shop/api/x", "Shop/api", "shop/", "/api", "shop/a_b"})
    void rejectsAWorkloadKeyThatIsNotNamespaceSlashName(String key) {
        assertThatThrownBy(() -> RegistryKeys.checkWorkload(key))
                .isInstanceOf(RegistryException.class)
                .hasMessage("invalid workload key '" + key + "': expected namespace/name in lower-case Kubernetes"
                        + " name form, e.g. shop/checkout-api");
    }
}

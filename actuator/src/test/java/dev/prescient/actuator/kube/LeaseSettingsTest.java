package dev.prescient.actuator.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PT15S | PT15S | PT2S | renew-deadline (PT15S) must be shorter than lease-duration (PT15S)",
            "PT15S | PT10S | PT10S | retry-period (PT10S) must be shorter than renew-deadline (PT10S)"
    })
    void refusesTimingsThatCannotHoldALease(Duration lease, Duration renew, Duration retry, String message) {
        assertThatThrownBy(() -> new LeaseSettings("ns", "lease", "me", lease, renew, retry, true))
                .hasMessageContaining(message);
    }
}

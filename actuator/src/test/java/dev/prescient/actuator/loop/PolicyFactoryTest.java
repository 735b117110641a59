package dev.prescient.actuator.loop;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.policy.PolicySettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFactoryTest {

    private static ActuatorConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ActuatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(ActuatorConfig.class);
    }

    /** What the backtest measures is what the actuator runs: an unconfigured actuator runs the shipped defaults. */
    @Test
    void runsExactlyTheShippedDefaultsWhenNothingIsConfigured() {
        assertThat(PolicyFactory.settings(config(Map.of()))).isEqualTo(PolicySettings.defaults());
    }

    @Test
    void setsEveryPolicySettingFromItsKey() {
        PolicySettings s = PolicyFactory.settings(config(Map.of(
                "prescient.actuator.interval", "1m",
                "prescient.actuator.policy.scale-down-stabilization", "10m",
                "prescient.actuator.policy.max-scale-down-step", "3",
                "prescient.actuator.policy.scale-up-max-percent", "50",
                "prescient.actuator.policy.scale-up-max-pods", "2",
                "prescient.actuator.policy.max-forecast-age", "7m",
                "prescient.actuator.policy.hold-on-fallback", "false",
                "prescient.actuator.policy.memory-level-window", "0s",
                "prescient.actuator.policy.max-forecast-ratio", "5")));

        assertThat(s).isEqualTo(new PolicySettings(Duration.ofMinutes(1), Duration.ofMinutes(10), 3, 50, 2,
                Duration.ofMinutes(7), false, Duration.ZERO, 5.0));
    }

    @ParameterizedTest
    @CsvSource({
            "prescient.actuator.interval, 1m, PT10M",
            "prescient.actuator.interval, 5m, PT10M",
            "prescient.actuator.interval, 8m, PT16M",
            "prescient.actuator.policy.max-forecast-age, 7m, PT7M"
    })
    void staleLimitIsTwoIntervalsAndAtLeastTenMinutesUnlessSet(String key, String value, Duration expected) {
        assertThat(PolicyFactory.settings(config(Map.of(key, value))).maxForecastAge()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "prescient.actuator.policy.max-scale-down-step | 0 | maxScaleDownStep must be at least 1, got 0",
            "prescient.actuator.policy.scale-up-max-pods | 0 | scale-up limit must be >= 0 % and >= 1 pod",
            "prescient.actuator.policy.max-forecast-ratio | 1 | maxForecastRatio must be > 1, got 1.0",
            "prescient.actuator.policy.memory-level-window | -1m | memoryLevelWindow must not be negative",
            "prescient.actuator.interval | 0s | decisionInterval must be positive, got PT0S"
    })
    void refusesInvalidSettingsNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> PolicyFactory.settings(config(Map.of(key, value))))
                .hasMessageStartingWith("invalid prescient.actuator.policy.* / prescient.actuator.interval")
                .hasMessageContaining(message);
    }

    @Test
    void demotesByDefaultWithTheIssuesLimitsAndCanBeTurnedOff() {
        assertThat(PolicyFactory.demotion(config(Map.of()))).contains(DemotionSettings.defaults());
        assertThat(PolicyFactory.demotion(config(Map.of("prescient.actuator.demotion.enabled", "false")))).isEmpty();
        assertThat(PolicyFactory.demotion(config(Map.of("prescient.actuator.demotion.window", "1h",
                "prescient.actuator.demotion.recover-after", "30m", "prescient.actuator.demotion.max-mase", "1.5"))))
                .contains(DemotionSettings.defaults().withWindow(Duration.ofHours(1))
                        .withRecoverAfter(Duration.ofMinutes(30)).withLimits(1.5, 0.70));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "prescient.actuator.demotion.window | 6h | demotion window must be 24h or 1h, got 6h",
            "prescient.actuator.demotion.min-p90-coverage | 70 | minP90Coverage must lie in [0, 1], got 70.0",
            "prescient.actuator.demotion.max-mase | -1 | maxMase must be a positive number, got -1.0",
            "prescient.actuator.demotion.min-scored-fraction | 0 | minScoredFraction must lie in (0, 1], got 0.0"
    })
    void refusesInvalidDemotionSettingsNamingTheKeys(String key, String value, String message) {
        assertThatThrownBy(() -> PolicyFactory.demotion(config(Map.of(key, value))))
                .hasMessageStartingWith("invalid prescient.actuator.demotion.*: ")
                .hasMessageContaining(message);
    }
}

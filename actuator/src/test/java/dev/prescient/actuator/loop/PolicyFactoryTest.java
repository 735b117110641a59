package dev.prescient.actuator.loop;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.burst.BurstSettings;
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

    @Test
    void defaultsToFiveMinuteTicksStaleAfterTwoIntervalsAndTheBacktestsRecommendedSizing() {
        PolicySettings s = PolicyFactory.settings(config(Map.of()));

        assertThat(s.decisionInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxForecastAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.quantile()).isEqualTo(0.5);
        assertThat(s.seasonalMemoryDays()).isEqualTo(3);
        assertThat(s.memoryLevelWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxScaleDownStep()).isEqualTo(5);
        assertThat(s.holdOnFallback()).isTrue();
        assertThat(s.bursts()).contains(BurstSettings.defaults());
    }

    @Test
    void coversRecurringBurstsWithTheConfiguredSettingsOrNotAtAll() {
        assertThat(PolicyFactory.settings(config(Map.of("prescient.actuator.policy.bursts.enabled", "false")))
                .bursts()).isEmpty();
        assertThat(PolicyFactory.settings(config(Map.of("prescient.actuator.policy.bursts.cost-weight", "0.01",
                "prescient.actuator.policy.bursts.hold", "5m", "prescient.actuator.policy.bursts.history", "7d",
                "prescient.actuator.policy.bursts.height-quantile", "0.8",
                "prescient.actuator.policy.bursts.confirm-ratio", "2"))).bursts())
                .contains(new BurstSettings(2, 0.8, Duration.ofMinutes(5), 0.01, Duration.ofDays(7)));
    }

    @ParameterizedTest
    @CsvSource({
            "prescient.actuator.interval, 2m, PT4M",
            "prescient.actuator.policy.max-forecast-age, 7m, PT7M"
    })
    void staleLimitFollowsTheIntervalUnlessSet(String key, String value, Duration expected) {
        assertThat(PolicyFactory.settings(config(Map.of(key, value))).maxForecastAge()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "prescient.actuator.policy.quantile | 0.8 | quantile must be 0.5 or 0.9, got 0.8",
            "prescient.actuator.policy.max-scale-down-step | 0 | maxScaleDownStep must be at least 1, got 0",
            "prescient.actuator.policy.seasonal-memory-days | -1 | seasonalMemoryDays must not be negative, got -1",
            "prescient.actuator.interval | 0s | decisionInterval must be positive, got PT0S",
            "prescient.actuator.policy.bursts.cost-weight | -1 | burst costWeight must not be negative, got -1.0",
            "prescient.actuator.policy.bursts.history | 2h | burst history must be at least one day, got PT2H"
    })
    void refusesInvalidSettingsNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> PolicyFactory.settings(config(Map.of(key, value))))
                .hasMessageStartingWith("invalid prescient.actuator.policy / prescient.actuator.interval")
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

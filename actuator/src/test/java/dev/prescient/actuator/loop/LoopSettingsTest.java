package dev.prescient.actuator.loop;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopSettingsTest {

    private static ActuatorConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ActuatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(ActuatorConfig.class);
    }

    @Test
    void defaultsToATickDeadlineOfFourFifthsOfTheLeaseAndAFifteenMinuteStartupCap() {
        LoopSettings s = LoopSettings.from(config(Map.of()));

        assertThat(s).isEqualTo(new LoopSettings(Duration.ofSeconds(12), Duration.ofSeconds(30),
                Duration.ofMinutes(3), Duration.ofMinutes(15), 8, Duration.ofSeconds(10)));
    }

    @Test
    void followsTheLeaseDurationAndAcceptsAnyDeadlineWithoutLeaderElection() {
        assertThat(LoopSettings.from(config(Map.of("prescient.actuator.leader-election.lease-duration", "60s",
                "prescient.actuator.leader-election.renew-deadline", "40s"))).tickDeadline())
                .isEqualTo(Duration.ofSeconds(48));
        assertThat(LoopSettings.from(config(Map.of("prescient.actuator.leader-election.enabled", "false",
                "prescient.actuator.tick-deadline", "2m"))).tickDeadline()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "prescient.actuator.tick-deadline | 15s | prescient.actuator.tick-deadline (PT15S) must be shorter than "
                    + "prescient.actuator.leader-election.lease-duration (PT15S)",
            "prescient.actuator.tick-deadline | 0s | prescient.actuator.tick-deadline must be > 0, got PT0S",
            "prescient.actuator.predictor.max-clock-skew | PT-1S | prescient.actuator.predictor.max-clock-skew must "
                    + "be >= 0, got PT-1S",
            "prescient.actuator.startup-delay.fallback | 20m | prescient.actuator.startup-delay.fallback (PT20M) must "
                    + "be > 0 and at most prescient.actuator.startup-delay.max (PT15M)",
            "prescient.actuator.startup-delay.max | 1m | prescient.actuator.startup-delay.fallback (PT3M) must be > 0 "
                    + "and at most prescient.actuator.startup-delay.max (PT1M)",
            "prescient.actuator.concurrency | 0 | prescient.actuator.concurrency must be at least 1, got 0",
            "prescient.actuator.workload-deadline | 0s | prescient.actuator.workload-deadline must be > 0, got PT0S",
            "prescient.actuator.predictor.batch-size | 0 | prescient.actuator.predictor.batch-size must be at least 1, "
                    + "got 0",
            "prescient.actuator.predictor.breaker-delay | 0s | prescient.actuator.predictor.breaker-delay must be > 0, "
                    + "got PT0S"
    })
    void refusesContradictoryLimitsNamingTheKey(String key, String value, String message) {
        Map<String, String> properties = new HashMap<>();
        properties.put(key, value);

        assertThatThrownBy(() -> LoopSettings.from(config(properties))).hasMessage(message);
    }
}

package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrescientSetupTest {

    @Test
    void recommendsMedianSizingWithLevelScaledMemoryOverAQuickHpa() {
        PrescientSetup s = PrescientSetup.recommended();
        assertThat(s.forecaster()).isEqualTo("lstm");
        assertThat(s.quantile()).isEqualTo(0.5);
        assertThat(s.targetUtilization()).isEqualTo(0.95);
        assertThat(s.hpaTarget()).isEqualTo(0.85);
        assertThat(s.hpaScaleDownWindowMinutes()).isEqualTo(1);
        assertThat(s.seasonalMemoryDays()).isEqualTo(3);
        assertThat(s.memoryLevelWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.demotion()).contains(DemotionSettings.defaults());
        assertThat(s.withDemotion(Optional.empty()).demotion()).isEmpty();
        assertThat(s.decisionIntervalMinutes()).isEqualTo(1);
        assertThat(s.bursts()).contains(BurstSettings.defaults());
        assertThat(s.withBursts(Optional.empty()).bursts()).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((UnaryOperator<PrescientSetup>) s -> s.withQuantile(0.7),
                        "prescient quantile must be 0.5 or 0.9, got 0.7"),
                Arguments.of((UnaryOperator<PrescientSetup>) s -> s.withSeasonalMemory(-1, Duration.ZERO),
                        "seasonal memory must be 0 or more days, got -1"),
                Arguments.of((UnaryOperator<PrescientSetup>) s -> s.withSeasonalMemory(3, Duration.ofMinutes(-1)),
                        "memory level window must not be negative, got PT-1M"),
                Arguments.of((UnaryOperator<PrescientSetup>) s -> s.withHpaScaleDownWindow(0),
                        "HPA scale-down window must be at least 1 minute, got 0"),
                Arguments.of((UnaryOperator<PrescientSetup>) s -> s.withDecisionInterval(0),
                        "decision interval must be at least 1 minute, got 0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void rejectsSettingsThePolicyCannotRun(UnaryOperator<PrescientSetup> change, String message) {
        assertThatThrownBy(() -> change.apply(PrescientSetup.recommended()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}

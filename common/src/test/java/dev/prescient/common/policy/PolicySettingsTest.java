package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicySettingsTest {

    private static final PolicySettings D = PolicySettings.defaults();

    /** The defaults with one field changed. */
    private record Change(Duration interval, Duration stabilization, int step, int percent, int pods, Duration age,
                          Duration level, double ratio) {

        static Change defaults() {
            return new Change(D.decisionInterval(), D.scaleDownStabilization(), D.maxScaleDownStep(),
                    D.scaleUpMaxPercent(), D.scaleUpMaxPods(), D.maxForecastAge(), D.memoryLevelWindow(),
                    D.maxForecastRatio());
        }

        PolicySettings build() {
            return new PolicySettings(interval, stabilization, step, percent, pods, age, true, level, ratio);
        }
    }

    private static Arguments change(UnaryOperator<Change> edit, String message) {
        return Arguments.of(edit, message);
    }

    static Stream<Arguments> invalid() {
        Duration zero = Duration.ZERO;
        Duration minus = Duration.ofMinutes(-1);
        return Stream.of(
                change(c -> new Change(zero, c.stabilization(), c.step(), c.percent(), c.pods(), c.age(), c.level(),
                        c.ratio()), "policy decisionInterval must be positive, got PT0S"),
                change(c -> new Change(minus, c.stabilization(), c.step(), c.percent(), c.pods(), c.age(), c.level(),
                        c.ratio()), "policy decisionInterval must be positive, got PT-1M"),
                change(c -> new Change(c.interval(), minus, c.step(), c.percent(), c.pods(), c.age(), c.level(),
                        c.ratio()), "policy scaleDownStabilization must not be negative, got PT-1M"),
                change(c -> new Change(c.interval(), c.stabilization(), 0, c.percent(), c.pods(), c.age(), c.level(),
                        c.ratio()), "policy maxScaleDownStep must be at least 1, got 0"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), -1, c.pods(), c.age(), c.level(),
                        c.ratio()), "policy scale-up limit must be >= 0 % and >= 1 pod, got -1 % and 4 pods"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), c.percent(), 0, c.age(), c.level(),
                        c.ratio()), "policy scale-up limit must be >= 0 % and >= 1 pod, got 100 % and 0 pods"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), c.percent(), c.pods(), zero,
                        c.level(), c.ratio()), "policy maxForecastAge must be positive, got PT0S"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), c.percent(), c.pods(), c.age(),
                        Duration.ofMinutes(-5), c.ratio()), "policy memoryLevelWindow must not be negative, got PT-5M"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), c.percent(), c.pods(), c.age(),
                        c.level(), 1.0), "policy maxForecastRatio must be > 1, got 1.0"),
                change(c -> new Change(c.interval(), c.stabilization(), c.step(), c.percent(), c.pods(), c.age(),
                        c.level(), Double.NaN), "policy maxForecastRatio must be > 1, got NaN"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void refusesASettingOutOfRangeNamingItAndTheValue(UnaryOperator<Change> edit, String message) {
        Change changed = edit.apply(Change.defaults());
        assertThatThrownBy(changed::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void acceptsNoStabilisationNoLevelWindowAndNoScaleUpPercent() {
        PolicySettings s = new PolicySettings(Duration.ofMinutes(1), Duration.ZERO, 1, 0, 1, Duration.ofSeconds(1),
                false, Duration.ZERO, 1.0001);
        assertThat(s.scaleUpLimit(10)).isEqualTo(11);
    }

    @Test
    void shipsTheKubernetesHpaDefaults() {
        assertThat(D).isEqualTo(new PolicySettings(Duration.ofMinutes(5), Duration.ofMinutes(5), Integer.MAX_VALUE,
                100, 4, Duration.ofMinutes(10), true, Duration.ofMinutes(5), 3.0));
    }

    @ParameterizedTest(name = "{0} %, {1} pods, from {2} -> {3}")
    @CsvSource({
        "100, 4, 0, 4",
        "100, 4, 1, 5",
        "100, 4, 3, 7",
        "100, 4, 4, 8",
        "100, 4, 5, 10",
        "100, 4, 10, 20",
        "100, 4, 1000000000, 2000000000",
        "100, 4, 1500000000, 2147483647",
        "100, 4, 2147483647, 2147483647",
        "50, 2, 1, 3",
        "50, 2, 3, 5",
        "50, 2, 10, 15",
        "50, 2, 101, 151",
        "0, 1, 10, 11",
    })
    void limitsAScaleUpToTheHigherOfThePercentAndThePods(int percent, int pods, int current, int limit) {
        PolicySettings s = new PolicySettings(D.decisionInterval(), D.scaleDownStabilization(), D.maxScaleDownStep(),
                percent, pods, D.maxForecastAge(), true, D.memoryLevelWindow(), 3.0);
        assertThat(s.scaleUpLimit(current)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "every {0} min -> forecasts fresh for {1} min")
    @CsvSource({"1, 10", "5, 10", "6, 12", "30, 60"})
    void keepsAForecastFreshForTwoIntervalsAndAtLeastTenMinutes(int interval, int age) {
        PolicySettings s = D.withDecisionInterval(Duration.ofMinutes(interval));

        assertThat(s).isEqualTo(new PolicySettings(Duration.ofMinutes(interval), D.scaleDownStabilization(),
                D.maxScaleDownStep(), D.scaleUpMaxPercent(), D.scaleUpMaxPods(), Duration.ofMinutes(age),
                D.holdOnFallback(), D.memoryLevelWindow(), D.maxForecastRatio()));
    }

    @Test
    void refusesAZeroDecisionInterval() {
        assertThatThrownBy(() -> D.withDecisionInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy decisionInterval must be positive, got PT0S");
    }

    @Test
    void changesOnlyTheNamedSetting() {
        assertThat(D.withScaleDownStabilization(Duration.ofMinutes(15))).isEqualTo(new PolicySettings(
                Duration.ofMinutes(5), Duration.ofMinutes(15), Integer.MAX_VALUE, 100, 4, Duration.ofMinutes(10), true,
                Duration.ofMinutes(5), 3.0));
        assertThat(D.withMaxScaleDownStep(3)).isEqualTo(new PolicySettings(Duration.ofMinutes(5),
                Duration.ofMinutes(5), 3, 100, 4, Duration.ofMinutes(10), true, Duration.ofMinutes(5), 3.0));
    }
}

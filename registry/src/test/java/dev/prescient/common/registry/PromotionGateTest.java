package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.testing.LearntSizings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromotionGateTest {

    static final OptionalDouble NONE = OptionalDouble.empty();

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("first model beating naive", 0.80, 1.00, NONE, true,
                        "promoted: lstm MASE 0.800 beats seasonal-naive 1.000 and nothing is in production"),
                Arguments.of("first model not beating naive", 1.02, 1.00, NONE, false,
                        "refused: lstm MASE 1.020 does not beat seasonal-naive 1.000"),
                Arguments.of("tie with naive", 1.00, 1.00, NONE, false,
                        "refused: lstm MASE 1.000 does not beat seasonal-naive 1.000"),
                Arguments.of("clearly better than production", 0.80, 1.00, OptionalDouble.of(0.90), true,
                        "promoted: lstm MASE 0.800 beats production 0.900 by 11.1 percent with margin 2.0 percent"
                                + " and seasonal-naive 1.000"),
                Arguments.of("better but inside the margin", 0.89, 1.00, OptionalDouble.of(0.90), false,
                        "refused: lstm MASE 0.890 misses the 2.0 percent margin over production 0.900:"
                                + " needs below 0.882"),
                Arguments.of("worse than production", 0.95, 1.00, OptionalDouble.of(0.90), false,
                        "refused: lstm MASE 0.950 misses the 2.0 percent margin over production 0.900:"
                                + " needs below 0.882"),
                Arguments.of("beats production but not naive", 1.10, 1.00, OptionalDouble.of(1.50), false,
                        "refused: lstm MASE 1.100 does not beat seasonal-naive 1.000"),
                Arguments.of("production metric missing", 0.80, 1.00, OptionalDouble.of(Double.NaN), false,
                        "refused: production MASE is not finite: compute it on the same validation window"),
                Arguments.of("candidate metric NaN", Double.NaN, 1.00, NONE, false,
                        "refused: no finite MASE for candidate type lstm in the validation metrics"),
                Arguments.of("baseline NaN", 0.80, Double.NaN, NONE, false,
                        "refused: no finite seasonal-naive MASE in the validation metrics to compare with"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesWithReason(String name, double candidate, double naive, OptionalDouble production, boolean promote,
                           String reason) {
        GateDecision decision = new PromotionGate().decide("lstm", metrics(candidate, naive), production);
        assertThat(decision).isEqualTo(new GateDecision(promote, reason));
    }

    static Stream<Arguments> sizingDecisions() {
        return Stream.of(
                Arguments.of("first model whose sizing meets its SLO", 0.80, NONE,
                        Optional.of(LearntSizings.phasedFloor(1.0, 0.9)), true,
                        "promoted: lstm MASE 0.800 beats seasonal-naive 1.000 and nothing is in production and its"
                                + " sizing meets the SLO: 0.90 percent of minutes short against at most 1.00 percent"),
                Arguments.of("first model whose sizing misses its SLO", 0.80, NONE,
                        Optional.of(LearntSizings.phasedFloor(1.0, 2.35)), false,
                        "refused: lstm sizing misses its SLO on the calibration span: 2.35 percent of minutes short"
                                + " against at most 1.00 percent"),
                Arguments.of("beats production but its sizing misses a tight SLO", 0.80, OptionalDouble.of(0.90),
                        Optional.of(LearntSizings.reactiveOnly(0.5, 0.62)), false,
                        "refused: lstm sizing misses its SLO on the calibration span: 0.62 percent of minutes short"
                                + " against at most 0.50 percent"),
                Arguments.of("beats production and its sizing meets the SLO exactly", 0.80, OptionalDouble.of(0.90),
                        Optional.of(LearntSizings.reactiveOnly(1.0, 1.0)), true,
                        "promoted: lstm MASE 0.800 beats production 0.900 by 11.1 percent with margin 2.0 percent"
                                + " and seasonal-naive 1.000 and its sizing meets the SLO: 1.00 percent of minutes"
                                + " short against at most 1.00 percent"),
                Arguments.of("a MASE refusal comes first even when the sizing misses too", 1.02, NONE,
                        Optional.of(LearntSizings.phasedFloor(1.0, 2.35)), false,
                        "refused: lstm MASE 1.020 does not beat seasonal-naive 1.000"),
                Arguments.of("no sizing (older trainer): MASE alone", 0.80, NONE, Optional.empty(), true,
                        "promoted: lstm MASE 0.800 beats seasonal-naive 1.000 and nothing is in production"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizingDecisions")
    void refusesACandidateWhoseSizingMissesItsSloNamingTheMeasuredShareAndTheSlo(
            String name, double candidate, OptionalDouble production, Optional<Sizing> sizing, boolean promote,
            String reason) {
        GateDecision decision = new PromotionGate().decide("lstm", metrics(candidate, 1.0), production, sizing);

        assertThat(decision).isEqualTo(new GateDecision(promote, reason));
        assertThat(RegistryTags.sanitise(reason)).as("stored unchanged as a tag").isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "seasonal-naive"})
    void refusesWhenAMetricIsMissing(String missing) {
        Map<String, ValidationMetrics> metrics = new LinkedHashMap<>(metrics(0.8, 1.0));
        metrics.remove(missing);
        GateDecision decision = new PromotionGate().decide("lstm", metrics, NONE);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.reason()).startsWith("refused: no finite ").contains(missing);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.05})
    void marginIsConfigurable(double margin) {
        GateDecision decision = new PromotionGate(margin).decide("lstm", metrics(0.88, 1.0), OptionalDouble.of(0.90));
        assertThat(decision.promote()).isEqualTo(margin == 0.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.0, Double.NaN})
    void rejectsAnImpossibleMargin(double margin) {
        assertThatThrownBy(() -> new PromotionGate(margin))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("promotion margin " + margin + " is outside [0, 1)");
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void reasonsSurviveTagSanitising(String name, double candidate, double naive, OptionalDouble production,
                                     boolean promote, String reason) {
        assertThat(RegistryTags.sanitise(reason)).isEqualTo(reason);
    }

    private static Map<String, ValidationMetrics> metrics(double candidate, double naive) {
        Map<String, ValidationMetrics> metrics = new LinkedHashMap<>();
        metrics.put("lstm", new ValidationMetrics(1, candidate, 0.9));
        metrics.put("seasonal-naive", new ValidationMetrics(1, naive, 0.5));
        return metrics;
    }
}

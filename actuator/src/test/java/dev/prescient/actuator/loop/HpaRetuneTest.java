package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaMetricTarget;
import dev.prescient.actuator.kube.HpaTuning;
import dev.prescient.common.policy.Sizing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The learnt reactive setting as the HPA's window and metric targets, at 100 rps per pod. */
class HpaRetuneTest {

    private static final double CAPACITY = 100;

    static Stream<Arguments> windows() {
        return Stream.of(
                Arguments.of(OptionalInt.empty(), 5, OptionalInt.empty(), List.of()),
                Arguments.of(OptionalInt.empty(), 2, OptionalInt.of(120), List.of("scale-down window 300 s (default) → 120 s")),
                Arguments.of(OptionalInt.of(60), 1, OptionalInt.of(60), List.of()),
                Arguments.of(OptionalInt.of(300), 0, OptionalInt.of(0), List.of("scale-down window 300 s → 0 s")),
                Arguments.of(OptionalInt.of(60), 90, OptionalInt.of(3600), List.of("scale-down window 60 s → 3600 s")));
    }

    @ParameterizedTest
    @MethodSource("windows")
    void setsTheLearntScaleDownWindowInSecondsCappedAtAnHour(OptionalInt current, int learntMinutes,
                                                               OptionalInt expected, List<String> changes) {
        HpaRetune r = HpaRetune.plan(new HpaTuning(current, List.of()), new Sizing.Reactive(0.8, learntMinutes),
                CAPACITY);

        assertThat(r.to().scaleDownWindowSeconds()).isEqualTo(expected);
        assertThat(r.changes()).isEqualTo(changes);
        assertThat(r.changesSomething()).isEqualTo(!changes.isEmpty());
    }

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of(HpaMetricTarget.utilization("cpu", 70), 0.85,
                        HpaMetricTarget.utilization("cpu", 85), "cpu (Resource) utilisation target 70 % → 85 %"),
                Arguments.of(HpaMetricTarget.utilization("cpu", 85), 0.85, HpaMetricTarget.utilization("cpu", 85), ""),
                Arguments.of(HpaMetricTarget.utilization("cpu", 70), 0.333,
                        HpaMetricTarget.utilization("cpu", 33), "cpu (Resource) utilisation target 70 % → 33 %"),
                Arguments.of(new HpaMetricTarget("ContainerResource", "app/cpu", "Utilization", OptionalInt.of(50),
                                Optional.empty()), 0.9,
                        new HpaMetricTarget("ContainerResource", "app/cpu", "Utilization", OptionalInt.of(90),
                                Optional.empty()), "app/cpu (ContainerResource) utilisation target 50 % → 90 %"),
                Arguments.of(HpaMetricTarget.averageValue("Pods", "rps", "100"), 0.85,
                        HpaMetricTarget.averageValue("Pods", "rps", "85"), "rps (Pods) average value target 100 → 85"),
                Arguments.of(HpaMetricTarget.averageValue("Pods", "rps", "85000m"), 0.85,
                        HpaMetricTarget.averageValue("Pods", "rps", "85000m"), ""),
                Arguments.of(HpaMetricTarget.averageValue("Object", "rps", "1k"), 0.8333,
                        HpaMetricTarget.averageValue("Object", "rps", "83330m"),
                        "rps (Object) average value target 1k → 83330m"),
                Arguments.of(HpaMetricTarget.averageValue("External", "queue", "30"), 0.75,
                        HpaMetricTarget.averageValue("External", "queue", "75"),
                        "queue (External) average value target 30 → 75"));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void setsEachTargetThatCanExpressAShareOfAPodsCapacity(HpaMetricTarget current, double learnt,
                                                           HpaMetricTarget expected, String change) {
        HpaRetune r = HpaRetune.plan(new HpaTuning(OptionalInt.of(120), List.of(current)),
                new Sizing.Reactive(learnt, 2), CAPACITY);

        assertThat(r.to().metrics()).containsExactly(expected);
        assertThat(r.changes()).isEqualTo(change.isEmpty() ? List.of() : List.of(change));
        assertThat(r.unsupported()).isEmpty();
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(new HpaMetricTarget("Object", "rps", "Value", OptionalInt.empty(), Optional.of("500")),
                        "rps (Object, Value)"),
                Arguments.of(HpaMetricTarget.averageValue("Resource", "cpu", "500m"), "cpu (Resource, AverageValue)"),
                Arguments.of(new HpaMetricTarget("External", "queue", "Value", OptionalInt.empty(), Optional.of("30")),
                        "queue (External, Value)"),
                Arguments.of(new HpaMetricTarget("Pods", "rps", "Utilization", OptionalInt.of(50), Optional.empty()),
                        "rps (Pods, Utilization)"));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void leavesAnyOtherTargetAsItIsAndNamesIt(HpaMetricTarget other, String named) {
        HpaRetune r = HpaRetune.plan(new HpaTuning(OptionalInt.of(120),
                List.of(other, HpaMetricTarget.utilization("cpu", 85))), new Sizing.Reactive(0.85, 2), CAPACITY);

        assertThat(r.to().metrics()).containsExactly(other, HpaMetricTarget.utilization("cpu", 85));
        assertThat(r.unsupported()).containsExactly(named);
        assertThat(r.changesSomething()).isFalse();
    }

    @Test
    void describesEveryChangeForTheEvent() {
        HpaRetune r = HpaRetune.plan(new HpaTuning(OptionalInt.of(300), List.of(HpaMetricTarget.utilization("cpu", 70))),
                new Sizing.Reactive(0.85, 2), CAPACITY);

        assertThat(r.describe("api-hpa", "v20261127-0412", new Sizing.Reactive(0.85, 2))).isEqualTo(
                "HPA api-hpa retuned to the reactive setting learnt with model v20261127-0412 (target 0.85, scale-down "
                        + "window 2 min): scale-down window 300 s → 120 s, cpu (Resource) utilisation target 70 % → "
                        + "85 %; the original is kept in annotation prescient.dev/original-hpa");
    }
}

package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScalingPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration D3 = Duration.ofMinutes(3);
    private static final ScalingPolicy POLICY = new ScalingPolicy(PolicySettings.defaults());

    /** capacityPerPod 10 at utilisation 0.5: one pod per 5 rps. */
    private static WorkloadSpec spec(ScalingMode mode, int min, int max) {
        return new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10, 0.5, min, max,
                Duration.ofDays(3), MIN, Duration.ofMinutes(30), Optional.empty(), mode);
    }

    private static WorkloadSpec replicas() {
        return spec(ScalingMode.REPLICAS, 1, 50);
    }

    /** Flat forecast: p50 = p90 - 1 = level everywhere, starting now, 30 one-minute steps. */
    private static ForecastView flat(double p90) {
        return steps(p90, p90, p90);
    }

    /** p90 = {@code near} over [now, now+3), {@code window} over [now+3, now+8), {@code later} after. */
    private static ForecastView steps(double near, double window, double later) {
        double[] p90 = new double[30];
        for (int i = 0; i < 30; i++) {
            p90[i] = i < 3 ? near : i < 8 ? window : later;
        }
        double[] p50 = Arrays.stream(p90).map(v -> Math.max(0, v - 1)).toArray();
        return new ForecastView(new Forecast(NOW, MIN, p50, p90), NOW.minusSeconds(30), "model", "v20261127-0412");
    }

    private static Decision decide(Optional<ForecastView> f, WorkloadSpec spec, ScaleState state, List<PastDecision> past) {
        return POLICY.decide(f, spec, D3, state, past, NOW);
    }

    static Stream<Arguments> sizing() {
        return Stream.of(
                // near, window, later, current -> desired, action
                Arguments.of(10, 35, 100, 3, 7, Decision.Action.SCALE_UP),      // 35 / 5 = 7 exactly
                Arguments.of(10, 35.5, 100, 3, 8, Decision.Action.SCALE_UP),    // rounds up
                Arguments.of(10, 35, 1000, 7, 7, Decision.Action.NO_CHANGE),    // steps after the window ignored
                Arguments.of(1000, 35, 10, 3, 7, Decision.Action.SCALE_UP),     // [now, now+3) cannot be helped by new pods
                Arguments.of(10, 10, 10, 5, 2, Decision.Action.SCALE_DOWN),     // down within the step limit
                Arguments.of(30, 10, 10, 8, 6, Decision.Action.SCALE_DOWN),     // keeps what [now, now+3) needs
                Arguments.of(1, 1, 1, 20, 15, Decision.Action.SCALE_DOWN),      // at most 5 pods down per decision
                Arguments.of(5000, 5000, 5000, 10, 50, Decision.Action.SCALE_UP), // clamped to max
                Arguments.of(0, 0, 0, 1, 1, Decision.Action.NO_CHANGE));         // clamped to min
    }

    @ParameterizedTest(name = "p90 near {0}, window {1}, later {2}, current {3} -> {4} ({5})")
    @MethodSource("sizing")
    void sizesFromTheP90PeakOverTheWindowThatMatters(double near, double window, double later, int current,
                                                      int desired, Decision.Action action) {
        Decision d = decide(Optional.of(steps(near, window, later)), replicas(), ScaleState.of(current), List.of());
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.action()).isEqualTo(action);
        assertThat(d.windowStart()).isEqualTo(NOW.plus(D3));
        assertThat(d.windowEnd()).isEqualTo(NOW.plus(Duration.ofMinutes(8)));
    }

    @Test
    void usesTheMedianWhenConfigured() {
        ScalingPolicy p50 = new ScalingPolicy(new PolicySettings(0.5, Duration.ofMinutes(5), Duration.ofMinutes(10), 5,
                Duration.ofMinutes(10), true, 3));
        Decision d = p50.decide(Optional.of(flat(36)), replicas(), D3, ScaleState.of(1), List.of(), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(7); // p50 = 35 -> 7
        assertThat(d.reason()).contains("p50 35");
    }

    @Test
    void scalesDownOnlyToTheHighestRecommendationInTheStabilisationWindow() {
        List<PastDecision> past = List.of(new PastDecision(NOW.minus(Duration.ofMinutes(5)), 9),
                new PastDecision(NOW.minus(Duration.ofMinutes(11)), 12));
        Decision d = decide(Optional.of(flat(10)), replicas(), ScaleState.of(10), past);
        assertThat(d.desiredReplicas()).isEqualTo(9); // the 12 is older than 10 minutes
        assertThat(d.recommendedReplicas()).isEqualTo(2);
        assertThat(d.reason()).contains("scaled down 10→9").contains("limited");
    }

    @Test
    void scalesUpAtOnceWhateverTheHistory() {
        List<PastDecision> past = List.of(new PastDecision(NOW.minus(MIN), 1));
        Decision d = decide(Optional.of(flat(100)), replicas(), ScaleState.of(2), past);
        assertThat(d.desiredReplicas()).isEqualTo(20);
    }

    @Test
    void explainsAChangeWithPeakWindowAndModel() {
        Decision d = decide(Optional.of(flat(35)), replicas(), ScaleState.of(3), List.of());
        assertThat(d.reason()).isEqualTo("scaled 3→7: p90 35.00 over 10:33–10:38 needs 7, model v20261127-0412");
    }

    static Stream<Arguments> seasonalMemory() {
        double nan = Double.NaN;
        return Stream.of(
                // same-window peaks (yesterday first), memory days -> desired, reason part
                Arguments.of(List.of(50.0), 3, 10, "scaled 3→10: demand 1 d earlier 50.00 over 10:33–10:38 needs 10"),
                Arguments.of(List.of(20.0, 60.0, 45.0), 3, 12, "demand 2 d earlier 60.00"),
                Arguments.of(List.of(nan, 50.0), 3, 10, "demand 2 d earlier 50.00"),
                Arguments.of(List.of(20.0, 30.0), 3, 7, "scaled 3→7: p90 35.00"),
                Arguments.of(List.of(20.0, 20.0, 20.0, 90.0), 3, 7, "scaled 3→7: p90 35.00"),
                Arguments.of(List.of(90.0), 0, 7, "scaled 3→7: p90 35.00"));
    }

    @ParameterizedTest(name = "peaks {0}, {1} days -> {2}")
    @MethodSource("seasonalMemory")
    void neverSizesBelowTheSameWindowOnTheRememberedDays(List<Double> peaks, int days, int desired, String reason) {
        PolicySettings d = PolicySettings.defaults();
        ScalingPolicy policy = new ScalingPolicy(new PolicySettings(d.quantile(), d.decisionInterval(),
                d.scaleDownStabilization(), d.maxScaleDownStep(), d.maxForecastAge(), d.holdOnFallback(), days));
        Decision decision = policy.decide(Optional.of(flat(35)), replicas(), D3, ScaleState.of(3), List.of(), NOW,
                new Observed(Double.NaN, peaks));
        assertThat(decision.desiredReplicas()).isEqualTo(desired);
        assertThat(decision.recommendedReplicas()).isEqualTo(desired);
        assertThat(decision.reason()).contains(reason);
        assertThat(decision.reason().contains("forecast p90 was 35.00")).isEqualTo(desired != 7);
    }

    static Stream<Arguments> levelScaledMemory() {
        double nan = Double.NaN;
        // forecast p90 35 needs 7 pods; one pod per 5 rps
        return Stream.of(
                // same-window peaks, that day's levels, today's level -> desired, reason part
                Arguments.of(List.of(50.0), List.of(20.0), 10.0, 7, "scaled 3→7: p90 35.00"),
                Arguments.of(List.of(50.0), List.of(20.0), 20.0, 10, "demand 1 d earlier 50.00 over"),
                Arguments.of(List.of(50.0), List.of(20.0), 30.0, 15,
                        "demand 1 d earlier 50.00 × 1.50 for today's higher level = 75.00 over"),
                Arguments.of(List.of(50.0), List.of(20.0), 80.0, 20,
                        "demand 1 d earlier 50.00 × 2.00 for today's higher level = 100.0 over"),
                Arguments.of(List.of(80.0), List.of(20.0), 15.0, 12,
                        "demand 1 d earlier 80.00 × 0.75 for today's lower level = 60.00 over"),
                Arguments.of(List.of(80.0, 60.0), List.of(40.0, 10.0), 10.0, 12, "demand 2 d earlier 60.00 over"),
                Arguments.of(List.of(80.0), List.of(nan), 15.0, 16, "demand 1 d earlier 80.00 over"),
                Arguments.of(List.of(80.0), List.of(0.0), 15.0, 16, "demand 1 d earlier 80.00 over"),
                Arguments.of(List.of(80.0), List.of(20.0), nan, 16, "demand 1 d earlier 80.00 over"),
                Arguments.of(List.of(80.0), List.of(), 15.0, 16, "demand 1 d earlier 80.00 over"));
    }

    @ParameterizedTest(name = "peaks {0}, levels then {1}, now {2} -> {3}")
    @MethodSource("levelScaledMemory")
    void scalesRememberedPeaksDownToTodaysLevel(List<Double> peaks, List<Double> levels, double recent, int desired,
                                                String reason) {
        ScalingPolicy policy = new ScalingPolicy(PolicySettings.defaults().withSeasonalMemory(3, Duration.ofMinutes(5)));
        Decision d = policy.decide(Optional.of(flat(35)), replicas(), D3, ScaleState.of(3), List.of(), NOW,
                new Observed(Double.NaN, peaks, recent, levels));
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.recommendedReplicas()).isEqualTo(desired);
        assertThat(d.reason()).contains(reason);
    }

    @Test
    void keepsRememberedPeaksAsObservedWithoutALevelWindow() {
        Decision d = POLICY.decide(Optional.of(flat(35)), replicas(), D3, ScaleState.of(3), List.of(), NOW,
                new Observed(Double.NaN, List.of(80.0), 10.0, List.of(20.0)));
        assertThat(d.desiredReplicas()).isEqualTo(16);
        assertThat(d.reason()).contains("demand 1 d earlier 80.00 over").doesNotContain("level");
    }

    @Test
    void rejectsANegativeMemoryLevelWindow() {
        assertThatThrownBy(() -> PolicySettings.defaults().withSeasonalMemory(3, Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy memoryLevelWindow must not be negative, got PT-5M");
    }

    static Stream<Arguments> newestRate() {
        // forecast needs 2 pods everywhere; 5 pods run
        return Stream.of(Arguments.of(Double.NaN, 2), Arguments.of(20.0, 4), Arguments.of(30.0, 5),
                Arguments.of(1.0, 2));
    }

    @ParameterizedTest(name = "newest rate {0} -> {1}")
    @MethodSource("newestRate")
    void scalesDownNoFurtherThanTheNewestObservedRateNeedsBeforeNewPodsStart(double lastRate, int desired) {
        ScalingPolicy policy = new ScalingPolicy(PolicySettings.defaults().withScaleDownStabilization(Duration.ZERO));
        Decision d = policy.decide(Optional.of(flat(10)), replicas(), D3, ScaleState.of(5), List.of(), NOW,
                new Observed(lastRate, List.of()));
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.recommendedReplicas()).isEqualTo(2);
    }

    @Test
    void rejectsANegativeSeasonalMemory() {
        PolicySettings d = PolicySettings.defaults();
        assertThatThrownBy(() -> new PolicySettings(0.9, d.decisionInterval(), d.scaleDownStabilization(), 5,
                d.maxForecastAge(), true, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy seasonalMemoryDays must not be negative, got -1");
    }

    static Stream<Arguments> holds() {
        ForecastView stale = new ForecastView(flat(100).forecast(), NOW.minus(Duration.ofMinutes(11)), "model", "v1");
        ForecastView fallback = new ForecastView(flat(100).forecast(), NOW, "fallback:seasonal-naive", null);
        double[] three = {100, 100, 100};
        ForecastView shortOne = new ForecastView(new Forecast(NOW, MIN, three, three), NOW, "model", "v1");
        return Stream.of(
                Arguments.of(Optional.empty(), ScaleState.of(4), HoldReason.FORECAST_MISSING, "no forecast"),
                Arguments.of(Optional.of(stale), ScaleState.of(4), HoldReason.FORECAST_STALE, "660 s old"),
                Arguments.of(Optional.of(fallback), ScaleState.of(4), HoldReason.FALLBACK_FORECAST,
                        "fallback:seasonal-naive"),
                Arguments.of(Optional.of(shortOne), ScaleState.of(4), HoldReason.FORECAST_TOO_SHORT,
                        "before the sizing window"),
                Arguments.of(Optional.of(flat(1)), new ScaleState(4, OptionalInt.empty(), true, false),
                        HoldReason.PAUSED, "paused"),
                Arguments.of(Optional.of(flat(1)), new ScaleState(4, OptionalInt.empty(), false, true),
                        HoldReason.DEMOTED, "demoted"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("holds")
    void holdsReplicasWhenTheForecastCannotBeTrusted(Optional<ForecastView> f, ScaleState state, HoldReason why,
                                                     String detail) {
        Decision d = decide(f, replicas(), state, List.of());
        assertThat(d.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(d.holdReason()).contains(why);
        assertThat(d.desiredReplicas()).isEqualTo(4);
        assertThat(d.reason()).contains(detail).contains("keeping 4 replicas");
        assertThat(d.asPast(NOW)).isEmpty();
    }

    @Test
    void actsOnAFallbackForecastWhenConfiguredTo() {
        ScalingPolicy lenient = new ScalingPolicy(new PolicySettings(0.9, Duration.ofMinutes(5),
                Duration.ofMinutes(10), 5, Duration.ofMinutes(10), false, 3));
        ForecastView fallback = new ForecastView(flat(35).forecast(), NOW, "fallback:seasonal-naive", null);
        Decision d = lenient.decide(Optional.of(fallback), replicas(), D3, ScaleState.of(3), List.of(), NOW);
        assertThat(d.desiredReplicas()).isEqualTo(7);
        assertThat(d.reason()).endsWith("model fallback:seasonal-naive");
    }

    @Test
    void setsTheFloorInHpaFloorModeFromTheCurrentFloor() {
        WorkloadSpec spec = spec(ScalingMode.HPA_FLOOR, 2, 50);
        Decision d = decide(Optional.of(flat(35)), spec, new ScaleState(12, OptionalInt.of(3), false, false), List.of());
        assertThat(d.desiredReplicas()).isEqualTo(7);
        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.reason()).startsWith("scaled HPA floor 3→7");
    }

    @Test
    void restoresTheBaselineFloorWhenTheForecastIsMissingInHpaFloorMode() {
        WorkloadSpec spec = spec(ScalingMode.HPA_FLOOR, 2, 50);
        Decision d = decide(Optional.empty(), spec, new ScaleState(12, OptionalInt.of(9), false, false), List.of());
        assertThat(d.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(d.desiredReplicas()).isEqualTo(2);
        assertThat(d.reason()).contains("restoring the HPA floor to the configured minReplicas 2");
    }

    @Test
    void keepsTheFloorWhenPausedInHpaFloorMode() {
        WorkloadSpec spec = spec(ScalingMode.HPA_FLOOR, 2, 50);
        Decision d = decide(Optional.of(flat(1)), spec, new ScaleState(12, OptionalInt.of(9), true, false), List.of());
        assertThat(d.desiredReplicas()).isEqualTo(9);
    }

    static Stream<Arguments> bounds() {
        return Stream.of(Arguments.of(0.0, 60), Arguments.of(3.0, 60), Arguments.of(10_000.0, 60),
                Arguments.of(0.0, 1), Arguments.of(10_000.0, 1), Arguments.of(42.0, 5));
    }

    @ParameterizedTest(name = "p90 {0}, current {1}")
    @MethodSource("bounds")
    void neverLeavesMinMaxEvenFromOutside(double p90, int current) {
        WorkloadSpec spec = spec(ScalingMode.REPLICAS, 3, 40);
        Decision d = decide(Optional.of(flat(p90)), spec, ScaleState.of(current), List.of());
        assertThat(d.desiredReplicas()).isBetween(3, 40);
    }
}

package dev.prescient.common.policy;

import static dev.prescient.common.policy.PolicyFixture.D3;
import static dev.prescient.common.policy.PolicyFixture.HORIZON;
import static dev.prescient.common.policy.PolicyFixture.NOW;
import static dev.prescient.common.policy.PolicyFixture.flat;
import static dev.prescient.common.policy.PolicyFixture.forecast;
import static dev.prescient.common.policy.PolicyFixture.profile;
import static dev.prescient.common.policy.PolicyFixture.sizing;
import static dev.prescient.common.policy.PolicyFixture.spec;
import static dev.prescient.common.policy.PolicyFixture.unfloored;
import static dev.prescient.common.policy.PolicyFixture.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.WorkloadSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy with a usable forecast: how the learnt sizing turns the forecast (and the remembered days) into a floor or
 * replicas, and how far one decision may move. Holds are in {@link ScalingPolicyHoldTest}.
 */
class ScalingPolicyTest {

    private static final ScalingPolicy POLICY = new ScalingPolicy(PolicySettings.defaults());
    private static final WorkloadSpec REPLICAS = spec(ScalingMode.REPLICAS, 1, 50);
    private static final double NAN = Double.NaN;

    private static Decision decide(ScalingPolicy policy, Forecast f, Sizing s, WorkloadSpec spec, ScaleState state,
                                   List<PastDecision> past, Observed observed) {
        return policy.decide(Optional.of(view(NOW, f, s)), spec, D3, state, past, NOW, observed);
    }

    /** Near the window 10 / 12, after it 900 / 1000: neither may move the window's sizing. */
    private static Forecast window(double p50, double p90) {
        return profile(NOW, 10, 12, p50, p90, 900, 1000);
    }

    @ParameterizedTest(name = "p50 {0}, p90 {1}, headroom {2} -> plans {3}, needs {4}, sets {5}")
    @CsvSource(delimiter = '|', value = {
        "100 | 120 |  0.0 | 100.0 | 10 | 10 | kept 10: forecast p50 + 0.00 × spread = 100.0 over 10:33–10:38 needs 10",
        "100 | 120 |  1.0 | 120.0 | 12 | 12 | scaled 10→12: forecast p50 + 1.00 × spread = 120.0 over 10:33–10:38 needs 12",
        "100 | 120 |  1.5 | 130.0 | 13 | 13 | scaled 10→13: forecast p50 + 1.50 × spread = 130.0 over 10:33–10:38 needs 13",
        "100 | 120 | -1.0 |  80.0 |  8 |  8 | scaled down 10→8: forecast p50 + -1.00 × spread = 80.00 over 10:33–10:38 needs 8",
        "100 | 120 | -6.0 |   0.0 |  0 |  1 | scaled down 10→1: forecast p50 + -6.00 × spread = 0.000 over 10:33–10:38 needs 0 (raised to minReplicas 1)",
        // p90 = p50: the spread is a thousandth of p50, 0.1
        "100 | 100 |  2.0 | 100.2 | 11 | 11 | scaled 10→11: forecast p50 + 2.00 × spread = 100.2 over 10:33–10:38 needs 11",
        "101 | 101 |  0.0 | 101.0 | 11 | 11 | scaled 10→11: forecast p50 + 0.00 × spread = 101.0 over 10:33–10:38 needs 11",
        "0   | 0   |  0.0 |   0.0 |  0 |  1 | scaled down 10→1: forecast p50 + 0.00 × spread = 0.000 over 10:33–10:38 needs 0 (raised to minReplicas 1)",
    })
    void sizesFromP50PlusHeadroomTimesSpreadOverTheWindowTheNewPodsServe(double p50, double p90, double headroom,
                                                                           double planned, int recommended,
                                                                           int desired, String reason) {
        Decision d = decide(POLICY, window(p50, p90), sizing(headroom), REPLICAS, ScaleState.of(10), List.of(),
                Observed.none());

        assertThat(d.peakRate()).isCloseTo(planned, within(1e-9));
        assertThat(d.recommendedReplicas()).isEqualTo(recommended);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.windowStart()).isEqualTo(Instant.parse("2026-11-27T10:33:00Z"));
        assertThat(d.windowEnd()).isEqualTo(Instant.parse("2026-11-27T10:38:00Z"));
        assertThat(d.holdReason()).isEmpty();
        assertThat(d.reason()).isEqualTo(reason + ", model v20261127-0412");
        assertThat(d.asPast(NOW)).contains(new PastDecision(NOW, recommended));
    }

    @Test
    void takesThePeaksOfP50AndP90OverTheWindowEachOnItsOwn() {
        double[] p50 = new double[HORIZON];
        double[] p90 = new double[HORIZON];
        double[][] window = {{100, 90, 90, 90, 90}, {100, 100, 100, 100, 130}};
        for (int i = 0; i < 5; i++) {
            p50[3 + i] = window[0][i];
            p90[3 + i] = window[1][i];
        }
        Decision d = decide(POLICY, forecast(NOW, p50, p90), sizing(0.5), REPLICAS, ScaleState.of(10), List.of(),
                Observed.none());

        assertThat(d.peakRate()).isEqualTo(115.0); // 100 + 0.5 × (130 - 100)
        assertThat(d.recommendedReplicas()).isEqualTo(12);
    }

    static Stream<Arguments> windows() {
        double[] up = new double[HORIZON];
        double[] down = new double[HORIZON];
        for (int i = 0; i < HORIZON; i++) {
            up[i] = 10 * (i + 1);
            down[i] = 10 * (HORIZON - i);
        }
        return Stream.of(
                // forecast p50 (p90 = p50 + 10), start-up delay, interval -> window, planned demand
                Arguments.of("rising", up, 3, 5, "10:33", "10:38", 80.0),
                Arguments.of("rising", up, 0, 5, "10:30", "10:35", 50.0),
                Arguments.of("rising", up, 10, 5, "10:40", "10:45", 150.0),
                Arguments.of("rising", up, 3, 1, "10:33", "10:34", 40.0),
                Arguments.of("rising", up, 3, 10, "10:33", "10:43", 130.0),
                Arguments.of("rising", up, 25, 5, "10:55", "11:00", 300.0),
                Arguments.of("falling", down, 3, 5, "10:33", "10:38", 270.0),
                Arguments.of("falling", down, 10, 5, "10:40", "10:45", 200.0),
                Arguments.of("falling", down, 3, 1, "10:33", "10:34", 270.0));
    }

    @ParameterizedTest(name = "{0}, D = {2} min, interval {3} min -> {4}–{5}, plans {6}")
    @MethodSource("windows")
    void sizesTheWindowFromNowPlusStartupDelayToOneIntervalLater(String shape, double[] p50, int delay, int interval,
                                                                  String start, String end, double planned) {
        double[] p90 = java.util.Arrays.stream(p50).map(v -> v + 10).toArray();
        ScalingPolicy policy = new ScalingPolicy(PolicySettings.defaults()
                .withDecisionInterval(Duration.ofMinutes(interval)));
        Decision d = policy.decide(Optional.of(view(NOW, forecast(NOW, p50, p90), sizing(0.0))), REPLICAS,
                Duration.ofMinutes(delay), ScaleState.of(20), List.of(), NOW, Observed.none());

        assertThat(d.windowStart()).isEqualTo(Instant.parse("2026-11-27T" + start + ":00Z"));
        assertThat(d.windowEnd()).isEqualTo(Instant.parse("2026-11-27T" + end + ":00Z"));
        assertThat(d.peakRate()).isEqualTo(planned);
        assertThat(d.recommendedReplicas()).isEqualTo((int) planned / 10);
        assertThat(d.reason()).contains(" over " + start + "–" + end + " needs " + (int) planned / 10);
    }

    static Stream<Arguments> phases() {
        Headroom hourly = new Headroom(0.5, 60, 5, Map.of(6, 3.0));   // minutes 30–34 of every hour
        Headroom daily = new Headroom(0.5, 1440, 60, Map.of(10, 3.0)); // 10:00–10:59
        return Stream.of(
                // headroom, decision time (the window starts 3 minutes later) -> planned demand
                Arguments.of("hourly", hourly, "10:30", 160.0),
                Arguments.of("hourly", hourly, "10:27", 160.0),
                Arguments.of("hourly", hourly, "10:26", 110.0),
                Arguments.of("hourly", hourly, "10:32", 110.0),
                Arguments.of("hourly", hourly, "23:31", 160.0),
                Arguments.of("hourly", hourly, "04:05", 110.0),
                Arguments.of("daily", daily, "10:30", 160.0),
                Arguments.of("daily", daily, "09:57", 160.0),
                Arguments.of("daily", daily, "09:56", 110.0),
                Arguments.of("daily", daily, "10:57", 110.0),
                Arguments.of("daily", daily, "22:30", 110.0));
    }

    @ParameterizedTest(name = "{0} headroom, decision at {2} -> plans {3}")
    @MethodSource("phases")
    void usesAPhasesOwnHeadroomOnlyWhenTheWindowStartsInThatPhase(String kind, Headroom headroom, String at,
                                                                  double planned) {
        Instant now = Instant.parse("2026-11-27T" + at + ":00Z");
        Decision d = POLICY.decide(Optional.of(view(now, flat(now, 100, 120), sizing(headroom, 0, 0))), REPLICAS, D3,
                ScaleState.of(10), List.of(), now, Observed.none());

        assertThat(d.peakRate()).isEqualTo(planned);
        assertThat(d.recommendedReplicas()).isEqualTo((int) planned / 10);
        assertThat(d.reason()).contains(planned > 110 ? "forecast p50 + 3.00 × spread = 160.0"
                : "forecast p50 + 0.50 × spread = 110.0");
    }

    static Stream<Arguments> memory() {
        return Stream.of(
                // memory days, same-window peaks (yesterday first), those days' levels, today's level -> planned
                Arguments.of(3, List.of(150.0), List.of(), NAN, 150.0),
                Arguments.of(3, List.of(50.0), List.of(), NAN, 110.0),
                Arguments.of(3, List.of(20.0, 160.0, 130.0), List.of(), NAN, 160.0),
                Arguments.of(3, List.of(NAN, 150.0), List.of(), NAN, 150.0),
                Arguments.of(3, List.of(20.0, 20.0, 20.0, 200.0), List.of(), NAN, 110.0),
                Arguments.of(7, List.of(20.0, 20.0, 20.0, 200.0), List.of(), NAN, 200.0),
                Arguments.of(0, List.of(200.0), List.of(), NAN, 110.0),
                // today at half that day's level: the remembered 300 counts as 150
                Arguments.of(3, List.of(300.0), List.of(100.0), 50.0, 150.0),
                // today busier than that day: never scaled up
                Arguments.of(3, List.of(300.0), List.of(100.0), 200.0, 300.0),
                Arguments.of(3, List.of(300.0), List.of(100.0), 20.0, 110.0),
                Arguments.of(3, List.of(300.0, 240.0), List.of(200.0, 80.0), 100.0, 240.0),
                // a level unknown or zero: the peak counts as it was
                Arguments.of(3, List.of(300.0), List.of(NAN), 50.0, 300.0),
                Arguments.of(3, List.of(300.0), List.of(0.0), 50.0, 300.0),
                Arguments.of(3, List.of(300.0), List.of(100.0), NAN, 300.0),
                Arguments.of(3, List.of(300.0), List.of(), 50.0, 300.0));
    }

    @ParameterizedTest(name = "{0} days, peaks {1}, levels {2}, today {3} -> plans {4}")
    @MethodSource("memory")
    void neverPlansBelowTheSameWindowOfARememberedDayScaledDownWhenTodayRunsQuieter(
            int days, List<Double> peaks, List<Double> levels, double today, double planned) {
        Observed observed = new Observed(NAN, peaks, today, levels, NAN);
        Decision d = decide(POLICY, flat(NOW, 100, 120), sizing(Headroom.uniform(0.5), days, 0), REPLICAS,
                ScaleState.of(10), List.of(), observed);

        assertThat(d.peakRate()).isCloseTo(planned, within(1e-9));
        assertThat(d.recommendedReplicas()).isEqualTo((int) Math.round(planned) / 10);
        assertThat(d.reason()).contains(planned > 110 ? "demand remembered from an earlier day "
                + String.format(java.util.Locale.ROOT, "%.4g", planned) + " over 10:33–10:38"
                : "forecast p50 + 0.50 × spread = 110.0 over 10:33–10:38");
    }

    @ParameterizedTest(name = "floor {0}, HPA replicas {1}, newest rate {2}, earlier {3} -> floor {4}")
    @CsvSource(delimiter = '|', value = {
        "9 | 12 | NaN  | -1 | 2 | scaled HPA floor down 9→2: the learnt sizing leaves scaling to the HPA (the forecast did not pay for a floor on the calibration span) over 10:33–10:38 needs 2",
        "9 | 12 | 1000 | -1 | 2 | scaled HPA floor down 9→2: the learnt sizing leaves scaling to the HPA (the forecast did not pay for a floor on the calibration span) over 10:33–10:38 needs 2",
        "9 | 12 | NaN  | 9  | 9 | kept HPA floor 9: the learnt sizing leaves scaling to the HPA (the forecast did not pay for a floor on the calibration span) over 10:33–10:38 needs 2 (scale-down limited by stabilisation, near-term need or step)",
        "2 | 12 | NaN  | -1 | 2 | kept HPA floor 2: the learnt sizing leaves scaling to the HPA (the forecast did not pay for a floor on the calibration span) over 10:33–10:38 needs 2",
    })
    void aSizingWithoutFloorRestsTheFloorAtMinReplicasInHpaFloorMode(int floor, int replicas, double rate, int earlier,
                                                                   int desired, String reason) {
        List<PastDecision> past = earlier < 0 ? List.of() : List.of(new PastDecision(NOW.minusSeconds(120), earlier));
        Decision d = decide(POLICY, flat(NOW, 500, 600), unfloored(0.6), spec(ScalingMode.HPA_FLOOR, 2, 50),
                new ScaleState(replicas, OptionalInt.of(floor), false, false), past, new Observed(rate, List.of()));

        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.recommendedReplicas()).isEqualTo(2);
        assertThat(d.peakRate()).isNaN();
        assertThat(d.reason()).isEqualTo(reason + ", model v20261127-0412");
    }

    @ParameterizedTest(name = "replicas {0}, newest rate {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // at the learnt target 0.6 one pod serves 6
        "6  | 60  | 2147483647 | 10 | 10 | scaled 6→10: the newest observed rate 60.00 at the learnt target 0.6",
        "4  | 60  | 2147483647 | 10 | 8  | scaled 4→8: the newest observed rate 60.00 at the learnt target 0.6",
        "10 | 12  | 2147483647 | 2  | 2  | scaled down 10→2: the newest observed rate 12.00 at the learnt target 0.6",
        "10 | 12  | 3          | 2  | 7  | scaled down 10→7: the newest observed rate 12.00 at the learnt target 0.6",
        "3  | 0   | 2147483647 | 0  | 1  | scaled down 3→1: the newest observed rate 0.000 at the learnt target 0.6",
        "7  | NaN | 2147483647 | 7  | 7  | kept 7: no observed rate to size from at the learnt target 0.6",
    })
    void aSizingWithoutFloorFollowsTheNewestRateAtTheReactiveTargetInReplicasMode(int current, double rate, int step,
                                                                                 int recommended, int desired,
                                                                                 String reason) {
        ScalingPolicy policy = new ScalingPolicy(PolicySettings.defaults().withMaxScaleDownStep(step));
        Decision d = decide(policy, flat(NOW, 500, 600), unfloored(0.6), REPLICAS, ScaleState.of(current), List.of(),
                new Observed(rate, List.of()));

        assertThat(d.recommendedReplicas()).isEqualTo(recommended);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.reason()).startsWith(reason + " (the forecast did not pay for itself on the calibration span)"
                + " over 10:33–10:38 needs " + recommended).endsWith(", model v20261127-0412");
    }

    @Test
    void aModelWithoutSizingGetsTheUntrainedSizingThatPlansForTheP90PeakWithoutMemory() {
        WorkloadSpec spec = REPLICAS.withSlo(new Slo(2.5));
        ForecastView bare = new ForecastView(window(100, 120), NOW.minusSeconds(30), ForecastView.SOURCE_MODEL,
                "v20250101-0000");

        assertThat(ScalingPolicy.sizing(bare, spec, D3)).isEqualTo(Sizing.untrained(2.5, 5, 3, 0.5))
                .isEqualTo(new Sizing(2.5, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.0), 0, 0)),
                        new Sizing.Reactive(0.5, 5), Sizing.Calibration.none()));
        Decision d = POLICY.decide(Optional.of(bare), spec, D3, ScaleState.of(10), List.of(), NOW,
                new Observed(NAN, List.of(500.0)));
        assertThat(d.peakRate()).isEqualTo(120.0);
        assertThat(d.reason()).isEqualTo("scaled 10→12: forecast p50 + 1.00 × spread = 120.0 over 10:33–10:38 needs 12,"
                + " model v20250101-0000");
    }

    @ParameterizedTest(name = "{0}: floor {1}, replicas {2} -> {3}")
    @CsvSource({
        "replicas,  -1, 0,  4",
        "replicas,  -1, 1,  5",
        "replicas,  -1, 3,  7",
        "replicas,  -1, 4,  8",
        "replicas,  -1, 5,  10",
        "replicas,  -1, 30, 60",
        "replicas,  -1, 60, 100",
        "hpa-floor, 2,  10, 20",
        "hpa-floor, 10, 3,  20",
        "hpa-floor, 2,  2,  6",
        "hpa-floor, 0,  0,  4",
    })
    void scalesUpByAtMostMax100PercentOr4PodsOfWhatRuns(String mode, int floor, int replicas, int desired) {
        ScalingMode m = ScalingMode.fromConfigName(mode).orElseThrow();
        ScaleState state = floor < 0 ? ScaleState.of(replicas)
                : new ScaleState(replicas, OptionalInt.of(floor), false, false);
        Decision d = decide(POLICY, flat(NOW, 1000, 1000), sizing(0.0), spec(m, 0, 200), state, List.of(),
                Observed.none());

        assertThat(d.recommendedReplicas()).isEqualTo(100);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.reason().contains(" (scale-up limited to max(100 %, 4 pods) per decision)"))
                .isEqualTo(desired < 100);
    }

    @ParameterizedTest(name = "{0} %, {1} pods from {2} -> {3}")
    @CsvSource({"50, 2, 10, 15", "50, 2, 1, 3", "0, 1, 10, 11", "300, 1, 10, 40"})
    void scalesUpByTheConfiguredLimit(int percent, int pods, int current, int desired) {
        PolicySettings d = PolicySettings.defaults();
        ScalingPolicy policy = new ScalingPolicy(new PolicySettings(d.decisionInterval(), d.scaleDownStabilization(),
                d.maxScaleDownStep(), percent, pods, d.maxForecastAge(), true, d.memoryLevelWindow(), 3.0));
        Decision decision = decide(policy, flat(NOW, 1000, 1000), sizing(0.0), spec(ScalingMode.REPLICAS, 0, 200),
                ScaleState.of(current), List.of(), Observed.none());

        assertThat(decision.desiredReplicas()).isEqualTo(desired);
        assertThat(decision.reason()).contains("(scale-up limited to max(" + percent + " %, " + pods
                + " pods) per decision)");
    }

    static Stream<Arguments> scaleDowns() {
        int none = Integer.MIN_VALUE;
        int all = Integer.MAX_VALUE;
        return Stream.of(
                // the window needs 5 of the 20 running; near p50 over [now, now + 3), newest rate, an earlier
                // recommendation (seconds ago, replicas), floor hold, stabilisation minutes, step -> replicas
                Arguments.of("the recommendation alone", 10, NAN, none, 0, 0, 5, all, 5),
                Arguments.of("a higher recommendation 4 min ago", 10, NAN, 240, 12, 0, 5, all, 12),
                Arguments.of("a recommendation 4:59 ago", 10, NAN, 299, 12, 0, 5, all, 12),
                Arguments.of("a recommendation exactly one window ago is on its edge, inside", 10, NAN, 300, 12, 0, 5, all, 12),
                Arguments.of("a recommendation just over one window ago is outside it", 10, NAN, 301, 12, 0, 5, all, 5),
                Arguments.of("a recommendation stamped after now", 10, NAN, -60, 12, 0, 5, all, 5),
                Arguments.of("a recommendation above what runs", 10, NAN, 60, 25, 0, 5, all, 20),
                Arguments.of("a longer stabilisation window", 10, NAN, 600, 12, 0, 15, all, 12),
                Arguments.of("the floor hold when longer", 10, NAN, 600, 12, 15, 5, all, 12),
                Arguments.of("the floor hold ends", 10, NAN, 901, 12, 15, 5, all, 5),
                Arguments.of("the forecast before new pods serve", 150, NAN, none, 0, 0, 5, all, 15),
                Arguments.of("the forecast before new pods serve, above what runs", 300, NAN, none, 0, 0, 5, all, 20),
                Arguments.of("the newest rate", 10, 180.0, none, 0, 0, 5, all, 18),
                Arguments.of("the higher of forecast and newest rate", 150, 120.0, none, 0, 0, 5, all, 15),
                Arguments.of("the step", 10, NAN, none, 0, 0, 5, 4, 16),
                Arguments.of("the step, stabilised higher", 10, NAN, 60, 18, 0, 5, 4, 18),
                Arguments.of("a wide step, stabilised", 10, NAN, 60, 12, 0, 5, 20, 12));
    }

    @ParameterizedTest(name = "{0} -> {8}")
    @MethodSource("scaleDowns")
    void scalesDownOnlyAsFarAsStabilisationFloorHoldNearTermNeedAndStepAllow(
            String what, double nearP50, double lastRate, int secondsAgo, int earlier, int holdMinutes,
            int stabilisationMinutes, int step, int desired) {
        ScalingPolicy policy = new ScalingPolicy(PolicySettings.defaults().withMaxScaleDownStep(step)
                .withScaleDownStabilization(Duration.ofMinutes(stabilisationMinutes)));
        List<PastDecision> past = secondsAgo == Integer.MIN_VALUE ? List.of()
                : List.of(new PastDecision(NOW.minusSeconds(secondsAgo), earlier));
        Decision d = decide(policy, profile(NOW, nearP50, nearP50, 50, 50, 50, 50),
                sizing(Headroom.uniform(0), 0, holdMinutes), REPLICAS, ScaleState.of(20), past,
                new Observed(lastRate, List.of()));

        assertThat(d.recommendedReplicas()).isEqualTo(5);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.action()).isEqualTo(desired < 20 ? Decision.Action.SCALE_DOWN : Decision.Action.NO_CHANGE);
        assertThat(d.reason().contains("needs 5 (scale-down limited by stabilisation, near-term need or step)"))
                .isEqualTo(desired != 5);
    }

    @ParameterizedTest(name = "current {0}, demand {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "30 | 1000 | 40 | scaled 30→40: forecast p50 + 0.00 × spread = 1000 over 10:33–10:38 needs 100 (capped at maxReplicas 40)",
        "60 | 1000 | 40 | scaled down 60→40: forecast p50 + 0.00 × spread = 1000 over 10:33–10:38 needs 100 (capped at maxReplicas 40)",
        "60 | 100  | 10 | scaled down 60→10: forecast p50 + 0.00 × spread = 100.0 over 10:33–10:38 needs 10",
        "5  | 0    | 3  | scaled down 5→3: forecast p50 + 0.00 × spread = 0.000 over 10:33–10:38 needs 0 (raised to minReplicas 3)",
        "1  | 0    | 3  | scaled 1→3: forecast p50 + 0.00 × spread = 0.000 over 10:33–10:38 needs 0 (raised to minReplicas 3)",
        "0  | 2000 | 4  | scaled 0→4: forecast p50 + 0.00 × spread = 2000 over 10:33–10:38 needs 200 (scale-up limited to max(100 %, 4 pods) per decision)",
    })
    void clampsToMinAndMaxReplicasEvenFromOutside(int current, double demand, int desired, String reason) {
        Decision d = decide(POLICY, flat(NOW, demand, demand), sizing(0.0), spec(ScalingMode.REPLICAS, 3, 40),
                ScaleState.of(current), List.of(), Observed.none());

        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.reason()).isEqualTo(reason + ", model v20261127-0412");
    }

    @Test
    void setsTheFloorInHpaFloorModeFromTheCurrentFloorNotTheReplicas() {
        Decision d = decide(POLICY, flat(NOW, 100, 120), sizing(1.0), spec(ScalingMode.HPA_FLOOR, 2, 50),
                new ScaleState(30, OptionalInt.of(3), false, false), List.of(), Observed.none());

        assertThat(d.desiredReplicas()).isEqualTo(12);
        assertThat(d.action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(d.reason()).isEqualTo("scaled HPA floor 3→12: forecast p50 + 1.00 × spread = 120.0 over 10:33–10:38"
                + " needs 12, model v20261127-0412");
    }

    @ParameterizedTest(name = "history peak {0}, forecast peak {1} -> sized {2}")
    @CsvSource({"100, 300, true", "100, 300.001, false", "NaN, 1e9, true"})
    void treatsAForecastAboveMaxForecastRatioTimesTheHistoryPeakAsImplausible(double historyPeak, double peak,
                                                                             boolean sized) {
        Decision d = decide(POLICY, profile(NOW, 10, 10, 10, 10, 10, peak), sizing(0.0), REPLICAS, ScaleState.of(4),
                List.of(), new Observed(NAN, List.of(), NAN, List.of(), historyPeak));

        assertThat(d.isHold()).isEqualTo(!sized);
        assertThat(d.holdReason()).isEqualTo(sized ? Optional.empty() : Optional.of(HoldReason.FORECAST_IMPLAUSIBLE));
    }

    @Test
    void aForecastOf1e9WithNoHistoryPeakKnownStillRisesOnlyByTheScaleUpLimit() {
        Decision d = decide(POLICY, flat(NOW, 1e9, 1e9), sizing(0.0), REPLICAS, ScaleState.of(4), List.of(),
                Observed.none());

        assertThat(d.recommendedReplicas()).isEqualTo(100_000_000);
        assertThat(d.desiredReplicas()).isEqualTo(8);
    }

    @Test
    void actsOnAFallbackForecastWhenSettingsDoNotHoldOnFallback() {
        PolicySettings d = PolicySettings.defaults();
        ScalingPolicy lenient = new ScalingPolicy(new PolicySettings(d.decisionInterval(), d.scaleDownStabilization(),
                d.maxScaleDownStep(), 100, 4, d.maxForecastAge(), false, d.memoryLevelWindow(), 3.0));
        ForecastView fallback = new ForecastView(flat(NOW, 100, 120), NOW, "fallback:seasonal-naive", null);
        Decision decision = lenient.decide(Optional.of(fallback), REPLICAS, D3, ScaleState.of(10), List.of(), NOW,
                Observed.none());

        assertThat(decision.desiredReplicas()).isEqualTo(12);
        assertThat(decision.reason()).isEqualTo("scaled 10→12: forecast p50 + 1.00 × spread = 120.0 over 10:33–10:38"
                + " needs 12, model fallback:seasonal-naive");
    }
}

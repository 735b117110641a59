package dev.prescient.common.policy;

import static dev.prescient.common.policy.PolicyFixture.D3;
import static dev.prescient.common.policy.PolicyFixture.MIN;
import static dev.prescient.common.policy.PolicyFixture.NOW;
import static dev.prescient.common.policy.PolicyFixture.VERSION;
import static dev.prescient.common.policy.PolicyFixture.flat;
import static dev.prescient.common.policy.PolicyFixture.sizing;
import static dev.prescient.common.policy.PolicyFixture.spec;
import static dev.prescient.common.policy.PolicyFixture.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hold reason in hpa-floor, replicas and dry-run mode (issue 18): a hold never drops the floor or the replicas
 * faster than the stabilisation window and the step allow, never below what the newest observed rate needs, changes
 * nothing without an observed rate, goes to {@code fallbackReplicas} when set (raised to the observed need), and in
 * replicas mode rises to the observed need. The forecast that is not used would plan 110 (11 floor pods).
 */
class ScalingPolicyHoldTest {

    private static final double NAN = Double.NaN;
    /** Decisions walked every 5 minutes from {@link PolicyFixture#NOW}. */
    private static final int STEPS = 10;
    /** The value the holds start from, recommended at NOW - 10 and NOW - 5 minutes. */
    private static final int START = 30;

    /** What makes the policy hold at {@code now}, and the detail its reason gives. */
    private record Cause(Optional<ForecastView> forecast, boolean paused, boolean demoted, String detail) {

        static Cause of(HoldReason why, Instant now) {
            Forecast good = flat(now, 100, 120);
            Sizing s = sizing(0.5);
            return switch (why) {
                case PAUSED -> new Cause(Optional.of(view(now, good, s)), true, false,
                        "target is paused by annotation prescient.dev/paused=true");
                case DEMOTED -> new Cause(Optional.of(view(now, good, s)), false, true,
                        "forecasts are demoted for poor accuracy");
                case FORECAST_MISSING -> new Cause(Optional.empty(), false, false, "no forecast is available");
                case FORECAST_STALE -> new Cause(Optional.of(new ForecastView(good, now.minus(Duration.ofMinutes(11)),
                        ForecastView.SOURCE_MODEL, VERSION, Optional.of(s))), false, false,
                        "forecast generated at " + now.minus(Duration.ofMinutes(11)) + " is 660 s old (limit 600 s)");
                case FALLBACK_FORECAST -> new Cause(Optional.of(new ForecastView(good, now,
                        "fallback:seasonal-naive", "seasonal-naive")), false, false,
                        "forecast comes from fallback:seasonal-naive, not from a trained model");
                case FORECAST_TOO_SHORT -> {
                    double[] seven = new double[7];
                    Arrays.fill(seven, 100);
                    yield new Cause(Optional.of(view(now, new Forecast(now, MIN, seven, seven), s)), false, false,
                            "forecast ends " + now.plus(Duration.ofMinutes(7)) + ", before the sizing window "
                                    + hhmm(now.plus(D3)) + "–" + hhmm(now.plus(Duration.ofMinutes(8))));
                }
                case FORECAST_IMPLAUSIBLE -> new Cause(Optional.of(view(now, flat(now, 1e9, 1e9), s)), false, false,
                        "forecast peaks at 1.000e+09, above 3.0 × the highest demand observed (100.0); model "
                                + VERSION);
            };
        }

        private static String hhmm(Instant t) {
            return t.toString().substring(11, 16);
        }
    }

    /** Newest rate {@code rate}, highest demand seen 100 (so 1e9 is implausible and 120 is not). */
    private static Observed observed(double rate) {
        return new Observed(rate, List.of(), NAN, List.of(), 100.0);
    }

    private static ScaleState state(ScalingMode mode, int value, Cause c) {
        return mode == ScalingMode.HPA_FLOOR ? new ScaleState(START, OptionalInt.of(value), c.paused(), c.demoted())
                : new ScaleState(value, OptionalInt.empty(), c.paused(), c.demoted());
    }

    /**
     * Walks {@link #STEPS} decisions 5 minutes apart from NOW, each holding for {@code why}, as the actuator does:
     * the value each decision sets is the next one's current value, and what it recommends is remembered.
     */
    private static List<Decision> walk(HoldReason why, WorkloadSpec spec, PolicySettings settings, double rate) {
        ScalingPolicy policy = new ScalingPolicy(settings);
        List<PastDecision> past = new ArrayList<>(List.of(new PastDecision(NOW.minus(Duration.ofMinutes(10)), START),
                new PastDecision(NOW.minus(Duration.ofMinutes(5)), START)));
        List<Decision> out = new ArrayList<>();
        int current = START;
        for (int k = 0; k < STEPS; k++) {
            Instant now = NOW.plus(Duration.ofMinutes(5L * k));
            Cause c = Cause.of(why, now);
            Decision d = policy.decide(c.forecast(), spec, D3, state(spec.mode(), current, c), past, now,
                    observed(rate));
            d.asPast(now).ifPresent(past::add);
            out.add(d);
            current = d.desiredReplicas();
        }
        return out;
    }

    private static List<Integer> values(List<Decision> trajectory) {
        return trajectory.stream().map(Decision::desiredReplicas).toList();
    }

    static Stream<Arguments> reasonsAndModes() {
        return Arrays.stream(HoldReason.values()).flatMap(why -> Stream.of(ScalingMode.HPA_FLOOR, ScalingMode.REPLICAS,
                ScalingMode.DRY_RUN).map(mode -> Arguments.of(why, mode)));
    }

    static Stream<Arguments> reasonsBesidesPausedAndModes() {
        return reasonsAndModes().filter(a -> a.get()[0] != HoldReason.PAUSED);
    }

    /**
     * The issue-18 fault case. Stabilisation 15 minutes, at most 4 pods down per decision; newest rate 50, which needs
     * 5 floor pods (hpa-floor: the HPA serves at capacity 10 above its floor) or 10 replicas (at the workload's target
     * 0.5). The recommendations of 30 at NOW - 10 and NOW - 5 leave the window (its edge included) after NOW + 10:
     * from then on the value steps down 4 a decision to the observed need and stays there.
     */
    @ParameterizedTest(name = "{0} in {1} mode")
    @MethodSource("reasonsAndModes")
    void aHoldNeverDropsFasterThanTheStabilisationWindowAndStepAllowNorBelowTheObservedNeed(HoldReason why,
                                                                                           ScalingMode mode) {
        PolicySettings settings = PolicySettings.defaults().withScaleDownStabilization(Duration.ofMinutes(15))
                .withMaxScaleDownStep(4);
        WorkloadSpec spec = spec(mode, 2, 50);
        List<Decision> trajectory = walk(why, spec, settings, 50);

        boolean floor = mode == ScalingMode.HPA_FLOOR;
        int need = floor ? 5 : 10;
        List<Integer> expected = why == HoldReason.PAUSED ? List.of(30, 30, 30, 30, 30, 30, 30, 30, 30, 30)
                : floor ? List.of(30, 30, 30, 26, 22, 18, 14, 10, 6, 5)
                : List.of(30, 30, 30, 26, 22, 18, 14, 10, 10, 10);
        assertThat(values(trajectory)).isEqualTo(expected);
        int previous = START;
        for (int k = 0; k < STEPS; k++) {
            Decision d = trajectory.get(k);
            int v = d.desiredReplicas();
            assertThat(d.action()).isEqualTo(Decision.Action.HOLD);
            assertThat(d.holdReason()).contains(why);
            assertThat(d.recommendedReplicas()).isZero();
            assertThat(d.peakRate()).isNaN();
            assertThat(d.asPast(NOW)).as("a hold is no recommendation to stabilise on").isEmpty();
            assertThat(v).as("decision %d: at most one step down", k).isGreaterThanOrEqualTo(previous - 4);
            assertThat(v).as("decision %d: a hold never raises without a need", k).isLessThanOrEqualTo(previous);
            if (k < 3) {
                assertThat(v).as("decision %d: 30 was recommended within the window", k).isEqualTo(START);
            }
            if (why != HoldReason.PAUSED) {
                assertThat(v).as("decision %d: never below the observed need", k).isGreaterThanOrEqualTo(need);
            }
            String what = floor ? "the HPA floor" : "replicas";
            String effect = v == previous ? "keeping " + what + " at " + v
                    : "decaying " + what + " " + previous + "→" + v + " (the newest observed rate 50.00 needs " + need
                    + ")";
            assertThat(d.reason()).isEqualTo("hold (" + why.tag() + "): " + Cause.of(why, NOW.plus(
                    Duration.ofMinutes(5L * k))).detail() + "; " + effect);
            previous = v;
        }
    }

    /**
     * With the shipped settings (5-minute stabilisation, no step limit, a decision every 5 minutes) the previous
     * recommendation, exactly one interval old, sits on the window's edge and still counts: the first hold keeps the
     * value, the second goes to the observed need.
     */
    @ParameterizedTest(name = "{0} in {1} mode")
    @MethodSource("reasonsBesidesPausedAndModes")
    void aHoldUnderTheShippedSettingsKeepsForOneIntervalThenGoesToTheObservedNeed(HoldReason why, ScalingMode mode) {
        List<Decision> trajectory = walk(why, spec(mode, 2, 50), PolicySettings.defaults(), 50);

        int need = mode == ScalingMode.HPA_FLOOR ? 5 : 10;
        assertThat(values(trajectory).get(0)).isEqualTo(START);
        assertThat(values(trajectory).subList(1, STEPS)).containsOnly(need);
    }

    @ParameterizedTest(name = "{0} in {1} mode")
    @MethodSource("reasonsAndModes")
    void aHoldWithoutObservedRateChangesNothing(HoldReason why, ScalingMode mode) {
        List<Decision> trajectory = walk(why, spec(mode, 2, 50), PolicySettings.defaults(), NAN);

        assertThat(values(trajectory)).containsOnly(START).hasSize(STEPS);
        String what = mode == ScalingMode.HPA_FLOOR ? "the HPA floor" : "replicas";
        assertThat(trajectory).allSatisfy(d -> assertThat(d.reason()).endsWith("; keeping " + what + " at 30"
                + (why == HoldReason.PAUSED ? "" : " (no observed demand to size from)")));
    }

    static Stream<Arguments> fallbacks() {
        return reasonsBesidesPausedAndModes().flatMap(a -> {
            HoldReason why = (HoldReason) a.get()[0];
            ScalingMode mode = (ScalingMode) a.get()[1];
            String what = mode == ScalingMode.HPA_FLOOR ? "the HPA floor" : "replicas";
            String base = "setting " + what + " to the workload's fallbackReplicas ";
            return mode == ScalingMode.HPA_FLOOR ? Stream.of(
                    Arguments.of(why, mode, 8, 50.0, 8, base + "8 (30→8)"),
                    Arguments.of(why, mode, 8, 120.0, 12, base + "8, raised to the observed need 12 (30→12)"),
                    Arguments.of(why, mode, 8, NAN, 8, base + "8 (30→8)"),
                    Arguments.of(why, mode, 80, 50.0, 50, base + "80 (30→50)"))
                    : Stream.of(
                    Arguments.of(why, mode, 8, 50.0, 10, base + "8, raised to the observed need 10 (30→10)"),
                    Arguments.of(why, mode, 8, NAN, 8, base + "8 (30→8)"),
                    Arguments.of(why, mode, 8, 1000.0, 50, base + "8, raised to the observed need 200 (30→50)"));
        });
    }

    @ParameterizedTest(name = "{0} in {1} mode, fallbackReplicas {2}, newest rate {3} -> {4}")
    @MethodSource("fallbacks")
    void aHoldGoesToFallbackReplicasRaisedToTheObservedNeed(HoldReason why, ScalingMode mode, int fallback,
                                                            double rate, int expected, String effect) {
        List<Decision> trajectory = walk(why, spec(mode, 2, 50).withFallbackReplicas(fallback),
                PolicySettings.defaults().withScaleDownStabilization(Duration.ofMinutes(15)).withMaxScaleDownStep(4),
                rate);

        assertThat(values(trajectory)).containsOnly(expected).hasSize(STEPS);
        assertThat(trajectory.get(0).reason()).endsWith("; " + effect);
    }

    @ParameterizedTest(name = "{0} mode")
    @EnumSource(ScalingMode.class)
    void aPausedTargetKeepsItsValueEvenWithFallbackReplicas(ScalingMode mode) {
        List<Decision> trajectory = walk(HoldReason.PAUSED, spec(mode, 2, 50).withFallbackReplicas(8),
                PolicySettings.defaults(), 500);

        assertThat(values(trajectory)).containsOnly(START).hasSize(STEPS);
    }

    /**
     * An observed need of 40 pods: a newest rate of 200 at the replicas' target 0.5, of 400 at the floor's capacity
     * 10. Replicas rise to it; the floor stays, since the HPA above it scales on that demand itself.
     */
    @ParameterizedTest(name = "{0} in {1} mode")
    @MethodSource("reasonsBesidesPausedAndModes")
    void aHoldRisesToTheObservedNeedInReplicasModeOnly(HoldReason why, ScalingMode mode) {
        boolean floor = mode == ScalingMode.HPA_FLOOR;
        List<Decision> trajectory = walk(why, spec(mode, 2, 50), PolicySettings.defaults(), floor ? 400 : 200);

        assertThat(values(trajectory)).containsOnly(floor ? START : 40).hasSize(STEPS);
        assertThat(trajectory.get(0).reason()).endsWith(floor ? "; keeping the HPA floor at 30"
                : "; raising replicas 30→40 (the newest observed rate 200.0 needs 40)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hpa-floor | 4  | hold (forecast-implausible): forecast peaks at 1.000e+09, above 3.0 × the highest demand "
            + "observed (100.0); model v20261127-0412; keeping the HPA floor at 4",
        "replicas  | 8  | hold (forecast-implausible): forecast peaks at 1.000e+09, above 3.0 × the highest demand "
            + "observed (100.0); model v20261127-0412; raising replicas 4→8 (the newest observed rate 50.00 needs 10)"})
    void holdsAForecastOf1e9AsImplausibleNamingTheModelVersionWithoutScalingTowardsIt(String mode, int expected,
                                                                                      String reason) {
        ScalingMode m = ScalingMode.fromConfigName(mode).orElseThrow();
        Cause c = Cause.of(HoldReason.FORECAST_IMPLAUSIBLE, NOW);
        Decision d = new ScalingPolicy(PolicySettings.defaults()).decide(c.forecast(), spec(m, 2, 50), D3,
                m == ScalingMode.HPA_FLOOR ? new ScaleState(4, OptionalInt.of(4), false, false) : ScaleState.of(4),
                List.of(), NOW, observed(50));

        assertThat(d.holdReason()).contains(HoldReason.FORECAST_IMPLAUSIBLE);
        assertThat(d.desiredReplicas()).as("only the observed need, never the forecast, moves a hold")
                .isEqualTo(expected);
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "generated {0} s before -> stale {1}")
    @CsvSource({"600, false", "601, true"})
    void holdsOnAForecastOlderThanMaxForecastAge(int secondsOld, boolean stale) {
        Instant generated = NOW.minusSeconds(secondsOld);
        Decision d = new ScalingPolicy(PolicySettings.defaults()).decide(Optional.of(new ForecastView(flat(NOW, 100,
                120), generated, ForecastView.SOURCE_MODEL, VERSION, Optional.of(sizing(0.5)))),
                spec(ScalingMode.REPLICAS, 2, 50), D3, ScaleState.of(11), List.of(), NOW, observed(NAN));

        assertThat(d.holdReason()).isEqualTo(stale ? Optional.of(HoldReason.FORECAST_STALE) : Optional.empty());
        assertThat(d.reason()).startsWith(stale
                ? "hold (forecast-stale): forecast generated at 2026-11-27T10:19:59Z is 601 s old (limit 600 s);"
                : "kept 11: forecast p50 + 0.50 × spread = 110.0");
    }

    @ParameterizedTest(name = "{0} steps -> too short {1}")
    @CsvSource({"8, false", "7, true"})
    void holdsOnAForecastEndingBeforeTheSizingWindowEnds(int steps, boolean tooShort) {
        double[] v = new double[steps];
        Arrays.fill(v, 100);
        Decision d = new ScalingPolicy(PolicySettings.defaults()).decide(Optional.of(view(NOW,
                new Forecast(NOW, MIN, v, v), sizing(0.0))), spec(ScalingMode.REPLICAS, 2, 50), D3, ScaleState.of(10),
                List.of(), NOW, observed(NAN));

        assertThat(d.holdReason()).isEqualTo(tooShort ? Optional.of(HoldReason.FORECAST_TOO_SHORT) : Optional.empty());
        assertThat(d.reason()).startsWith(tooShort ? "hold (forecast-too-short): forecast ends 2026-11-27T10:37:00Z,"
                + " before the sizing window 10:33–10:38;" : "kept 10: forecast p50 + 0.00 × spread = 100.0");
    }

    @Test
    void aPausedTargetStaysPausedWhileDemoted() {
        Decision d = new ScalingPolicy(PolicySettings.defaults()).decide(Cause.of(HoldReason.DEMOTED, NOW).forecast(),
                spec(ScalingMode.REPLICAS, 2, 50), D3, new ScaleState(4, OptionalInt.empty(), true, true), List.of(),
                NOW, observed(60));

        assertThat(d.holdReason()).contains(HoldReason.PAUSED);
        assertThat(d.desiredReplicas()).isEqualTo(4);
    }
}

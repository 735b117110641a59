package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.burst.BurstCover;
import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The recurring-burst rule of the {@link ScalingPolicy}: which onsets it covers, when, and how high. */
class BurstPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:29:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration D3 = Duration.ofMinutes(3);
    /** One pod per 5 rps (capacity 10 at utilisation 0.5); the cost weight 0.01 per added pod. */
    private static final BurstSettings BURSTS = new BurstSettings(1.5, 0.9, Duration.ofMinutes(3), 0.01,
            Duration.ofDays(3));
    private static final ScalingPolicy POLICY = new ScalingPolicy(new PolicySettings(0.5, MIN, Duration.ZERO, 100,
            Duration.ofMinutes(10), true, 0, Duration.ZERO, Optional.of(BURSTS)));

    private static WorkloadSpec spec(int max) {
        return new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10, 0.5, 1, max,
                Duration.ofDays(3), MIN, Duration.ofMinutes(30), Optional.empty(), ScalingMode.REPLICAS);
    }

    /** Flat forecast of 20 rps (4 pods) from now on. */
    private static Optional<ForecastView> flat() {
        double[] v = new double[30];
        Arrays.fill(v, 20);
        return Optional.of(new ForecastView(new Forecast(NOW, MIN, v, v), NOW, "model", "v1"));
    }

    /** A burst of 5× the level 20 (100 rps, 20 pods: 16 more than the level's 4) starting at {@code onset}. */
    private static BurstCover burst(Instant onset, double p, boolean refuted) {
        return new BurstCover(onset, p, 100, 20, refuted);
    }

    private static Decision decide(List<BurstCover> covers, int max) {
        Observed observed = new Observed(20, List.of(), 20, List.of()).withBursts(covers);
        return POLICY.decide(flat(), spec(max), D3, ScaleState.of(4), List.of(), NOW, observed);
    }

    static Stream<Arguments> rule() {
        Instant onset = NOW.plus(D3);
        return Stream.of(
                // cover, desired: odds p/(1-p) against 0.01 × 16 extra pods = 0.16
                Arguments.of(burst(onset, 0.5, false), 20),                      // odds 1 >= 0.16: covered
                Arguments.of(burst(onset, 0.15, false), 20),                     // odds 0.176 >= 0.16
                Arguments.of(burst(onset, 0.13, false), 4),                      // odds 0.149 < 0.16
                Arguments.of(burst(onset, 0.5, true), 4),                        // refuted: released
                Arguments.of(burst(onset.plus(MIN), 0.5, false), 4),             // pods asked now serve before it
                Arguments.of(burst(NOW.minus(Duration.ofMinutes(2)), 0.5, false), 20), // within the hold
                Arguments.of(burst(NOW.minus(Duration.ofMinutes(3)), 0.5, false), 4));  // hold over
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rule")
    void coversALikelyEnoughOnsetFromStartupDelayBeforeItUntilTheHoldEnds(BurstCover cover, int desired) {
        Decision d = decide(List.of(cover), 50);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.reason().contains("recurring burst expected from")).isEqualTo(desired == 20);
    }

    @Test
    void explainsTheCoverWithOnsetChanceAndHeight() {
        Decision d = decide(List.of(burst(NOW.plus(D3), 0.4, false)), 50);
        assertThat(d.reason()).contains("recurring burst expected from 10:32 (chance 40 %, 5.0× the level 20.00) 100.0")
                .contains("forecast p50 was 20.00");
    }

    @Test
    void coversTheHighestOfSeveralOnsets() {
        BurstCover low = new BurstCover(NOW.plus(D3), 0.5, 60, 20, false);
        BurstCover high = new BurstCover(NOW.plus(MIN), 0.5, 90, 20, false);
        assertThat(decide(List.of(low, high), 50).desiredReplicas()).isEqualTo(18);
    }

    @Test
    void neverCoversBeyondMaxReplicas() {
        Decision d = decide(List.of(burst(NOW.plus(D3), 0.9, false)), 12);
        assertThat(d.desiredReplicas()).isEqualTo(12);
        assertThat(d.reason()).contains("capped at maxReplicas 12");
    }

    @Test
    void ignoresOnsetsWhenTheCoverIsOff() {
        ScalingPolicy off = new ScalingPolicy(POLICY.settings().withBursts(Optional.empty()));
        Observed observed = new Observed(20, List.of(), 20, List.of()).withBursts(List.of(burst(NOW.plus(D3), 0.9, false)));
        assertThat(off.decide(flat(), spec(50), D3, ScaleState.of(4), List.of(), NOW, observed).desiredReplicas())
                .isEqualTo(4);
    }

    @Test
    void holdsOnAStaleForecastEvenWithABurstNear() {
        ForecastView stale = new ForecastView(flat().orElseThrow().forecast(), NOW.minus(Duration.ofMinutes(11)),
                "model", "v1");
        Observed observed = new Observed(20, List.of(), 20, List.of()).withBursts(List.of(burst(NOW.plus(D3), 0.9, false)));
        Decision d = POLICY.decide(Optional.of(stale), spec(50), D3, ScaleState.of(4), List.of(), NOW, observed);
        assertThat(d.isHold()).isTrue();
        assertThat(d.desiredReplicas()).isEqualTo(4);
    }

    @Test
    void leavesOutARememberedBurstThatHadStartedByNowThatDayButNotToday() {
        ScalingPolicy withMemory = new ScalingPolicy(POLICY.settings().withSeasonalMemory(1, Duration.ofMinutes(5)));
        // yesterday: level 20, already 60 at the step before now, peak 100 in the window; today 20 at that step
        Observed notToday = new Observed(20, List.of(100.0), 20, List.of(20.0)).withSameTimeLastRates(List.of(60.0));
        Observed today = new Observed(60, List.of(100.0), 20, List.of(20.0)).withSameTimeLastRates(List.of(60.0));
        Observed notStarted = new Observed(20, List.of(100.0), 20, List.of(20.0)).withSameTimeLastRates(List.of(20.0));
        assertThat(withMemory.decide(flat(), spec(50), D3, ScaleState.of(4), List.of(), NOW, notToday)
                .desiredReplicas()).isEqualTo(4);
        assertThat(withMemory.decide(flat(), spec(50), D3, ScaleState.of(4), List.of(), NOW, today)
                .desiredReplicas()).isEqualTo(20);
        assertThat(withMemory.decide(flat(), spec(50), D3, ScaleState.of(4), List.of(), NOW, notStarted)
                .desiredReplicas()).isEqualTo(20);
    }
}

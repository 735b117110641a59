package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A demoted workload: the forecast (here 100 rps, 20 pods) is never used. Like every hold, the floor (hpa-floor) or
 * the replicas decay from where they are towards what the newest observed rate needs, never below it; replicas and
 * dry-run also rise to it. The walk of every hold reason over time is in {@link ScalingPolicyHoldTest}.
 */
class DemotedPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final ScalingPolicy POLICY = new ScalingPolicy(PolicySettings.defaults());

    /** capacityPerPod 10 at utilisation 0.5: one pod per 5 rps; replicas in [2, 50]. */
    private static WorkloadSpec spec(ScalingMode mode) {
        return new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10, 0.5, 2, 50,
                Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30), Optional.empty(), mode);
    }

    private static ForecastView forecast() {
        double[] p = new double[30];
        Arrays.fill(p, 100);
        return new ForecastView(new Forecast(NOW, Duration.ofMinutes(1), p, p), NOW, "model", "v1");
    }

    @ParameterizedTest(name = "{0}: replicas {1}, floor {2}, observed {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "hpa-floor | 12 | 9  | 60   | 6  | decaying the HPA floor 9→6 (the newest observed rate 60.00 needs 6)",
        "hpa-floor | 12 | 9  | NaN  | 9  | keeping the HPA floor at 9 (no observed demand to size from)",
        "hpa-floor | 12 | 9  | 1000 | 9  | keeping the HPA floor at 9",
        "replicas  | 4  | -1 | NaN  | 4  | keeping replicas at 4 (no observed demand to size from)",
        "replicas  | 4  | -1 | 60   | 8  | raising replicas 4→8 (the newest observed rate 60.00 needs 12)",
        "replicas  | 4  | -1 | 20   | 4  | keeping replicas at 4",
        "replicas  | 20 | -1 | 10   | 2  | decaying replicas 20→2 (the newest observed rate 10.00 needs 2)",
        "replicas  | 4  | -1 | 1000 | 8  | raising replicas 4→8 (the newest observed rate 1000 needs 200)",
        "replicas  | 4  | -1 | 0    | 2  | decaying replicas 4→2 (the newest observed rate 0.000 needs 0)",
        "dry-run   | 4  | -1 | 60   | 8  | raising replicas 4→8 (the newest observed rate 60.00 needs 12)",
    })
    void followsTheObservedNeedFromWhereItIs(String mode, int replicas, int floor, double lastRate, int desired,
                                              String effect) {
        OptionalInt currentFloor = floor < 0 ? OptionalInt.empty() : OptionalInt.of(floor);
        Decision d = POLICY.decide(Optional.of(forecast()), spec(ScalingMode.fromConfigName(mode).orElseThrow()),
                Duration.ofMinutes(3), new ScaleState(replicas, currentFloor, false, true), List.of(), NOW,
                new Observed(lastRate, List.of()));

        assertThat(d.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(d.holdReason()).contains(HoldReason.DEMOTED);
        assertThat(d.desiredReplicas()).isEqualTo(desired);
        assertThat(d.recommendedReplicas()).isZero();
        assertThat(d.peakRate()).isNaN();
        assertThat(d.reason()).isEqualTo("hold (demoted): forecasts are demoted for poor accuracy; " + effect);
        assertThat(d.asPast(NOW)).as("a demoted decision is no recommendation to stabilise on").isEmpty();
    }

    @Test
    void aPausedTargetStaysPausedWhileDemoted() {
        Decision d = POLICY.decide(Optional.of(forecast()), spec(ScalingMode.REPLICAS), Duration.ofMinutes(3),
                new ScaleState(4, OptionalInt.empty(), true, true), List.of(), NOW, new Observed(60, List.of()));

        assertThat(d.holdReason()).contains(HoldReason.PAUSED);
        assertThat(d.desiredReplicas()).isEqualTo(4);
    }
}

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
 * A demoted workload: the forecast (here 100 rps, 20 pods) is never used. hpa-floor hands scaling back to the HPA
 * by restoring the baseline floor; replicas and dry-run size reactively from the newest observed rate.
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
        "hpa-floor | 12 | 9  | 60   | 2  | restoring the HPA floor to the configured minReplicas 2",
        "hpa-floor | 12 | 9  | NaN  | 2  | restoring the HPA floor to the configured minReplicas 2",
        "replicas  | 4  | -1 | NaN  | 4  | which has no observed rate to size from; keeping 4 replicas",
        "replicas  | 4  | -1 | 60   | 12 | the newest observed rate 60.00 needs 12; setting 4→12",
        "replicas  | 4  | -1 | 20   | 4  | the newest observed rate 20.00 needs 4; keeping 4 replicas",
        "replicas  | 20 | -1 | 10   | 15 | the newest observed rate 10.00 needs 2; setting 20→15",
        "replicas  | 4  | -1 | 1000 | 50 | the newest observed rate 1000 needs 200; setting 4→50",
        "replicas  | 4  | -1 | 0    | 2  | the newest observed rate 0.000 needs 0; setting 4→2",
        "dry-run   | 4  | -1 | 60   | 12 | the newest observed rate 60.00 needs 12; setting 4→12",
    })
    void leavesScalingToTheReactiveFallback(String mode, int replicas, int floor, double lastRate, int desired,
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
        assertThat(d.reason()).startsWith("hold (demoted): forecasts are demoted for poor accuracy; scaling is left "
                + "to the reactive fallback").endsWith(effect);
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

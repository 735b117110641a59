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

/**
 * The learnt reactive setting was chosen to work under the floor the forecast sizes: on a hold that floor is gone, so
 * the HPA goes back to the workload's own setting, unless the sizing chose the HPA alone.
 */
class LearntReactiveTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final ScalingPolicy POLICY = new ScalingPolicy(PolicySettings.defaults());
    private static final WorkloadSpec SPEC = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment,
            "api"), "q", 10, 0.7, 2, 50, Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30),
            Optional.empty(), ScalingMode.HPA_FLOOR);
    private static final Sizing.Reactive AGGRESSIVE = new Sizing.Reactive(0.95, 1);
    private static final Sizing FLOORED = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.2), 0,
            0)), AGGRESSIVE, Sizing.Calibration.none());
    private static final Sizing ALONE = new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.6, 10),
            Sizing.Calibration.none());

    private static Decision decide(Sizing sizing, boolean demoted) {
        double[] p = new double[30];
        Arrays.fill(p, 100);
        ForecastView f = new ForecastView(new Forecast(NOW, Duration.ofMinutes(1), p, p), NOW, "model", "v1",
                Optional.of(sizing));
        return POLICY.decide(Optional.of(f), SPEC, Duration.ofMinutes(3),
                new ScaleState(12, OptionalInt.of(9), false, demoted), List.of(), NOW, new Observed(60, List.of()));
    }

    @Test
    void whileTheForecastSizesTheFloorTheLearntSettingApplies() {
        Decision d = decide(FLOORED, false);

        assertThat(d.isHold()).isFalse();
        assertThat(ScalingPolicy.learntReactive(d, Optional.of(FLOORED))).contains(AGGRESSIVE);
    }

    @Test
    void onAHoldOfASizingWithAFloorTheHpaGoesBackToItsOwnSetting() {
        Decision d = decide(FLOORED, true);

        assertThat(d.holdReason()).contains(HoldReason.DEMOTED);
        assertThat(ScalingPolicy.learntReactive(d, Optional.of(FLOORED))).isEmpty();
    }

    @Test
    void aSizingThatChoseTheHpaAloneKeepsItsSettingThroughAHold() {
        Decision d = decide(ALONE, true);

        assertThat(d.isHold()).isTrue();
        assertThat(ScalingPolicy.learntReactive(d, Optional.of(ALONE))).contains(new Sizing.Reactive(0.6, 10));
        assertThat(ScalingPolicy.learntReactive(decide(ALONE, false), Optional.of(ALONE)))
                .contains(new Sizing.Reactive(0.6, 10));
    }

    @Test
    void withoutASizingThereIsNoLearntSetting() {
        assertThat(ScalingPolicy.learntReactive(decide(FLOORED, false), Optional.empty())).isEmpty();
    }
}

package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The emulated HPA under the floor runs at the learnt reactive setting while the forecast sizes the floor, and goes
 * back to the workload's own one on a hold (here a demotion), as the actuator does: 0.95 with a 1-minute window was
 * chosen under a floor that the hold no longer sizes.
 */
class SizedControllerHoldTest {

    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    private static final WorkloadSpec SPEC = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment,
            "api"), "q", 10, 0.7, 1, 100, Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(30),
            Optional.of(Duration.ofMinutes(3)), ScalingMode.HPA_FLOOR);
    private static final Sizing FLOORED = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(1.0), 0,
            0)), new Sizing.Reactive(0.95, 1), Sizing.Calibration.none());

    @ParameterizedTest(name = "demoted from minute {0}: target {1}, window {2}")
    @CsvSource({"1000, 0.95, 1", "20, 0.7, 5"})
    void theHpaRunsTheLearntSettingOnlyWhileTheForecastSizesTheFloor(int demotedFrom, double target, int window) {
        double[] demand = new double[60];
        Arrays.fill(demand, 100);
        HpaEmulator hpa = new HpaEmulator(10, 0.7, HpaEmulator.TOLERANCE, 5, 1, 100);
        SizedController c = new SizedController(new ScalingPolicy(PolicySettings.defaults()), SPEC,
                Duration.ofMinutes(3), new SizedController.Inputs() {
                    @Override
                    public Optional<ForecastView> forecast(int t) {
                        double[] p = new double[30];
                        Arrays.fill(p, 100);
                        Instant at = T0.plus(Duration.ofMinutes(t));
                        return Optional.of(new ForecastView(new Forecast(at, Duration.ofMinutes(1), p, p), at, "model",
                                "v1", Optional.of(FLOORED)));
                    }

                    @Override
                    public Observed observed(int t, SimView view) {
                        return new Observed(view.demand(t - 1), List.of());
                    }

                    @Override
                    public boolean demoted(int t, SimView view) {
                        return t >= demotedFrom;
                    }
                }, T0, 1, hpa, false);

        new Simulator(demand, new Scenario(10, 3, 1, 1, 60)).run(c);

        assertThat(hpa.target()).isEqualTo(target);
        assertThat(hpa.window()).isEqualTo(window);
    }
}

package dev.prescient.trainer.sizing;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.HpaEmulator;
import dev.prescient.trainer.backtest.PolicyResult;
import dev.prescient.trainer.backtest.Scenario;
import dev.prescient.trainer.backtest.Segment;
import dev.prescient.trainer.backtest.SimView;
import dev.prescient.trainer.backtest.Simulator;
import dev.prescient.trainer.backtest.SizedController;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A learnt sizing replayed over the calibration span by the shared policy, as the backtest runs it, independently of
 * the learner: one segment from {@code spanStart} to the end, its history from the minute before, living through the
 * given gaps. The policy and the HPA see {@code signal}; the cluster serves {@code served}. The HPA starts at the
 * workload's own setting (its target, a 5-minute window), and each decision retunes it as the backtest does.
 */
final class SpanReplay {

    private SpanReplay() {
    }

    static PolicyResult replay(TimeSeries signal, double[] served, List<Forecast> forecasts, WorkloadSpec spec,
                               Sizing sizing, PolicySettings settings, Duration startupDelay, int spanStart) {
        return replay(signal, served, forecasts, spec, sizing, settings, startupDelay, spanStart, List.of());
    }

    static PolicyResult replay(TimeSeries signal, double[] served, List<Forecast> forecasts, WorkloadSpec spec,
                               Sizing sizing, PolicySettings settings, Duration startupDelay, int spanStart,
                               List<Segment.Gap> gaps) {
        Map<Integer, Forecast> byOrigin = new HashMap<>();
        for (Forecast f : forecasts) {
            byOrigin.put((int) signal.indexOf(f.start()), f);
        }
        ScalingPolicy policy = new ScalingPolicy(settings);
        Simulator sim = new Simulator(served, signal.values(), new Scenario(spec.capacityPerPod(),
                (int) startupDelay.toMinutes(), 1, List.of(new Segment(spanStart - 1, spanStart, signal.size(), gaps)),
                spec.minReplicas(), spec.maxReplicas()));
        return sim.run(segment -> new SizedController(policy, spec, startupDelay, new SizedController.Inputs() {
            @Override
            public Optional<ForecastView> forecast(int t) {
                for (int o = t; o >= t - settings.maxForecastAge().toMinutes(); o--) {
                    Forecast f = byOrigin.get(o);
                    if (f != null) {
                        return Optional.of(new ForecastView(f, f.start(), ForecastView.SOURCE_MODEL, "replay",
                                Optional.of(sizing)));
                    }
                }
                return Optional.empty();
            }

            @Override
            public Observed observed(int t, SimView view) {
                return ObservedDemand.from(signal, signal.timeAt(t), startupDelay, settings);
            }
        }, signal.start(), segment.firstMinute(), new HpaEmulator(spec.capacityPerPod(), spec.targetUtilization(),
                HpaEmulator.TOLERANCE, 5, spec.minReplicas(), spec.maxReplicas()), false));
    }
}

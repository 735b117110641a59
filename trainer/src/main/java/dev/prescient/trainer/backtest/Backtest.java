package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.forecast.eval.RollingOriginEvaluator;
import dev.prescient.common.forecast.eval.RollingOriginSchedule;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a one-minute demand trace through the real forecasters (rolling-origin protocol: 3 days of
 * history, 30-minute horizon, an origin every 5 minutes, refit every 24 hours) and the real scaling
 * policy, and compares policies on the simulated cluster.
 */
public final class Backtest {

    public static final int HISTORY_MINUTES = 3 * 1440;
    public static final int HORIZON_MINUTES = 30;
    public static final int DECISION_MINUTES = 5;
    public static final int REFIT_MINUTES = 1440;

    private final ForecasterRegistry registry;
    private final EvaluationListener listener;

    public Backtest(ForecasterRegistry registry, EvaluationListener listener) {
        this.registry = registry;
        this.listener = listener;
    }

    /**
     * @param series demand in requests per minute at a one-minute step; remaining gaps are rejected
     */
    public BacktestResult run(String trace, TimeSeries series, BacktestOptions options) {
        if (!series.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("backtest needs a one-minute series, got step " + series.step());
        }
        double[] demand = series.values();
        int t0 = HISTORY_MINUTES;
        if (demand.length < t0 + HORIZON_MINUTES) {
            throw new IllegalArgumentException("trace " + trace + " has " + demand.length
                    + " minutes; the backtest needs at least " + (t0 + HORIZON_MINUTES)
                    + " (3 days of history plus one horizon)");
        }
        double c = options.capacityPerPod().orElse(mean(demand, 0, demand.length) / 10);
        Scenario scenario = new Scenario(c, options.startupDelayMinutes(), 1, t0, demand.length);
        Simulator sim = new Simulator(demand, scenario);
        Map<String, ForecasterScore> scores = new LinkedHashMap<>();
        Map<String, ForecastTrack> tracks = new LinkedHashMap<>();
        for (String type : forecastersNeeded(options)) {
            ForecastTrack track = new ForecastTrack(type);
            scores.put(type, evaluate(series, type, track, options.seed()));
            tracks.put(type, track);
        }
        PolicyResult oracle = sim.oracle();
        List<PolicyResult> results = new ArrayList<>();
        List<TimedDecision> decisions = List.of();
        for (String policy : options.policies()) {
            switch (policy) {
                case "oracle" -> results.add(oracle);
                case "hpa" -> results.add(sim.run(HpaEmulator.standard(c)).withCostRatio(oracle.podMinutes()));
                case "prescient" -> {
                    PrescientController pc = prescient(series, scenario, options, tracks);
                    results.add(sim.run(pc).withCostRatio(oracle.podMinutes()));
                    decisions = pc.decisions();
                }
                default -> results.add(sim.run(ForecastRuleController.seedRule(policy, tracks.get(policy), c, t0))
                        .withCostRatio(oracle.podMinutes()));
            }
        }
        return new BacktestResult(trace, series.start(), scenario, demand, results, scores, tracks, decisions);
    }

    private ForecasterScore evaluate(TimeSeries series, String type, ForecastTrack track, long seed) {
        RollingOriginSchedule schedule = new RollingOriginSchedule(HISTORY_MINUTES, HORIZON_MINUTES,
                DECISION_MINUTES, REFIT_MINUTES);
        ForecastSettings settings = ForecastSettings.daily(Duration.ofMinutes(1), HORIZON_MINUTES, seed);
        return new RollingOriginEvaluator(schedule, settings).evaluate(series, registry.get(type),
                new EvaluationListener() {
                    @Override
                    public void refitted(String t, int refit, int refits, double seconds) {
                        listener.refitted(t, refit, refits, seconds);
                    }

                    @Override
                    public void failed(String t, int origin, String message) {
                        listener.failed(t, origin, message);
                    }

                    @Override
                    public void forecastMade(String t, int origin, Forecast forecast) {
                        track.put(origin, forecast);
                        listener.forecastMade(t, origin, forecast);
                    }
                });
    }

    static PrescientController prescient(TimeSeries series, Scenario scenario, BacktestOptions options,
                                                 Map<String, ForecastTrack> tracks) {
        PrescientSetup setup = options.prescient();
        Duration d = Duration.ofMinutes(scenario.startupDelayMinutes());
        WorkloadSpec spec = new WorkloadSpec("backtest", "backtest", new TargetRef(TargetKind.Deployment, "backtest"),
                "trace", scenario.capacityPerPod(), setup.targetUtilization(), 1, 100, Duration.ofDays(3),
                Duration.ofMinutes(1), Duration.ofMinutes(HORIZON_MINUTES), Optional.of(d), setup.mode());
        PolicySettings defaults = PolicySettings.defaults();
        ScalingPolicy policy = new ScalingPolicy(new PolicySettings(setup.quantile(),
                Duration.ofMinutes(DECISION_MINUTES), setup.scaleDownStabilization(), setup.maxScaleDownStep(),
                defaults.maxForecastAge(), defaults.holdOnFallback(), setup.seasonalMemoryDays(),
                setup.memoryLevelWindow()));
        HpaEmulator hpa = new HpaEmulator(scenario.capacityPerPod(), setup.hpaTarget(), 0.1,
                setup.hpaScaleDownWindowMinutes(), 1, 100);
        return new PrescientController(policy, spec, d, tracks.get(setup.forecaster()), hpa, series.start(),
                scenario.firstMinute());
    }

    private static Set<String> forecastersNeeded(BacktestOptions options) {
        Set<String> types = new LinkedHashSet<>();
        for (String p : options.policies()) {
            switch (p) {
                case "oracle", "hpa" -> { }
                case "prescient" -> types.add(options.prescient().forecaster());
                default -> types.add(p);
            }
        }
        return types;
    }

    private static double mean(double[] v, int from, int to) {
        return Arrays.stream(v, from, to).average().orElse(0);
    }
}

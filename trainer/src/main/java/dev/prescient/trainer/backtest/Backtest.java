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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
     * @param recorded demand in requests per minute at a one-minute step, as recorded; remaining gaps are rejected.
     *     The options' injections are applied to it before anything else (forecasters, policies, oracle) sees it;
     *     the default capacity per pod comes from the trace as recorded (a regime change does not make pods bigger)
     */
    public BacktestResult run(String trace, TimeSeries recorded, BacktestOptions options) {
        if (!recorded.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("backtest needs a one-minute series, got step " + recorded.step());
        }
        int t0 = HISTORY_MINUTES;
        if (recorded.size() < t0 + HORIZON_MINUTES) {
            throw new IllegalArgumentException("trace " + trace + " has " + recorded.size()
                    + " minutes; the backtest needs at least " + (t0 + HORIZON_MINUTES)
                    + " (3 days of history plus one horizon)");
        }
        double c = options.capacityPerPod().orElse(mean(recorded.values(), 0, recorded.size()) / 10);
        TimeSeries series = ScaleInjection.applyAll(recorded, options.injections());
        double[] demand = series.values();
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
        List<DemotionInterval> demotions = List.of();
        Optional<AccuracyRange> judged = Optional.empty();
        for (String policy : options.policies()) {
            switch (policy) {
                case "oracle" -> results.add(oracle);
                case "hpa" -> results.add(sim.run(HpaEmulator.standard(c)).withCostRatio(oracle.podMinutes()));
                case "prescient" -> {
                    PrescientController pc = prescient(series, scenario, options, tracks);
                    results.add(sim.run(pc).withCostRatio(oracle.podMinutes()));
                    decisions = pc.decisions();
                    demotions = pc.demotions(scenario.endMinute());
                    judged = pc.judgedAccuracy();
                }
                case BacktestOptions.PRESCIENT_NO_DEMOTION -> results.add(sim.run(prescient(series, scenario,
                        options.withPrescient(options.prescient().withDemotion(Optional.empty())), tracks)
                        .named(policy)).withCostRatio(oracle.podMinutes()));
                default -> results.add(sim.run(ForecastRuleController.seedRule(policy, tracks.get(policy), c, t0))
                        .withCostRatio(oracle.podMinutes()));
            }
        }
        return new BacktestResult(trace, series.start(), scenario, demand, results, scores, tracks, decisions,
                demotions, judged, options.injections(), periodFrom(series, scenario, options));
    }

    /** The minute the separately reported period starts at, when there is one inside the simulated span. */
    private static OptionalInt periodFrom(TimeSeries series, Scenario scenario, BacktestOptions options) {
        Optional<Instant> from = options.periodStart();
        if (from.isEmpty()) {
            return OptionalInt.empty();
        }
        long minute = series.indexOf(from.get());
        if (minute >= scenario.endMinute()) {
            throw new IllegalArgumentException("the reported period starts at " + from.get() + ", after the simulated "
                    + "span ends at " + series.timeAt(scenario.endMinute()) + "; pick an earlier --report-from");
        }
        return OptionalInt.of((int) Math.max(scenario.firstMinute(), minute));
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
                Duration.ofMinutes(setup.decisionIntervalMinutes()), setup.scaleDownStabilization(),
                setup.maxScaleDownStep(), defaults.maxForecastAge(), defaults.holdOnFallback(),
                setup.seasonalMemoryDays(), setup.memoryLevelWindow(), setup.bursts()));
        HpaEmulator hpa = new HpaEmulator(scenario.capacityPerPod(), setup.hpaTarget(), 0.1,
                setup.hpaScaleDownWindowMinutes(), 1, 100);
        return new PrescientController(policy, spec, d, tracks.get(setup.forecaster()), hpa, series.start(),
                scenario.firstMinute(), setup.demotion());
    }

    private static Set<String> forecastersNeeded(BacktestOptions options) {
        Set<String> types = new LinkedHashSet<>();
        for (String p : options.policies()) {
            switch (p) {
                case "oracle", "hpa" -> { }
                case "prescient", BacktestOptions.PRESCIENT_NO_DEMOTION -> types.add(options.prescient().forecaster());
                default -> types.add(p);
            }
        }
        return types;
    }

    private static double mean(double[] v, int from, int to) {
        return Arrays.stream(v, from, to).average().orElse(0);
    }
}

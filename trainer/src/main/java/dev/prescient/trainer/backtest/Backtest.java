package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.forecast.eval.RollingOriginEvaluator;
import dev.prescient.common.forecast.eval.RollingOriginSchedule;
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
 * history by default, 30-minute horizon, an origin every 5 minutes, refit every 24 hours) and the real scaling
 * policy, and compares policies on the simulated cluster, beside the emulated HPA at every setting of the
 * {@link HpaFrontier}. A trace with long gaps is split into segments, each simulated on its own; the policies and
 * forecasters see the options' {@link Signal}, the cluster serves the raw demand.
 */
public final class Backtest {

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
     * @param recorded demand in requests per minute at a one-minute step, as recorded; gaps (NaN) split it into
     *     segments simulated on their own. The options' injections are applied to it before anything else
     *     (forecasters, policies, oracle) sees it; the default capacity per pod comes from the trace as recorded
     *     (a regime change does not make pods bigger)
     */
    public BacktestResult run(String trace, TimeSeries recorded, BacktestOptions options) {
        return run(new ReplaySource.TraceFile(trace), recorded, options);
    }

    /**
     * {@link #run(String, TimeSeries, BacktestOptions)} of any source: a trace file or a workload's Prometheus
     * history, whose name the result carries.
     */
    public BacktestResult run(ReplaySource source, TimeSeries recorded, BacktestOptions options) {
        if (!recorded.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("backtest needs a one-minute series, got step " + recorded.step());
        }
        double c = options.capacityPerPod().orElse(knownMean(recorded.values()) / 10);
        TimeSeries series = ScaleInjection.applyAll(recorded, options.injections());
        double[] demand = series.values();
        TimeSeries seen = new TimeSeries(series.start(), series.step(), options.signal().of(demand));
        Scenario scenario = new Scenario(c, options.startupDelayMinutes(), 1,
                Segments.find(source.describe(), demand, options.historyMinutes()), options.minReplicas(), options.maxReplicas());
        Simulator sim = new Simulator(demand, seen.values(), scenario);
        Map<String, ForecasterScore> scores = new LinkedHashMap<>();
        Map<String, ForecastTrack> tracks = new LinkedHashMap<>();
        for (String type : forecastersNeeded(options)) {
            ForecastTrack track = new ForecastTrack(type);
            scores.put(type, evaluate(seen, scenario, options, type, track));
            tracks.put(type, track);
        }
        PolicyResult oracle = sim.oracle();
        List<PolicyResult> results = new ArrayList<>();
        PrescientRun prescient = null;
        for (String policy : options.policies()) {
            switch (policy) {
                case "oracle" -> results.add(oracle);
                case "hpa" -> results.add(sim.run(segment -> HpaEmulator.standard(scenario)).withCostRatio(oracle.podMinutes()));
                case "prescient" -> {
                    prescient = new PrescientRun(seen.start(), scenario, options, tracks);
                    results.add(sim.run(prescient::forSegment).withCostRatio(oracle.podMinutes()));
                }
                case BacktestOptions.PRESCIENT_NO_DEMOTION -> {
                    BacktestOptions undemoted = options.withPrescient(
                            options.prescient().withDemotion(Optional.empty()));
                    PrescientRun run = new PrescientRun(seen.start(), scenario, undemoted, tracks);
                    results.add(sim.run(segment -> run.forSegment(segment).named(policy))
                            .withCostRatio(oracle.podMinutes()));
                }
                default -> results.add(sim.run(segment -> ForecastRuleController.seedRule(policy, tracks.get(policy), c,
                        segment.firstMinute())).withCostRatio(oracle.podMinutes()));
            }
        }
        HpaFrontier frontier = HpaFrontier.measure(sim, oracle.podMinutes());
        return new BacktestResult(source, series.start(), scenario, demand, results, scores, tracks,
                prescient == null ? List.of() : prescient.decisions(),
                prescient == null ? List.of() : prescient.demotions(),
                prescient == null ? Optional.empty() : prescient.judgedAccuracy(), options.injections(),
                periodFrom(series, scenario, options), options.signal(), Optional.of(frontier));
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

    /** The rolling-origin replay of one forecaster over every segment: history from that segment only. */
    private ForecasterScore evaluate(TimeSeries seen, Scenario scenario, BacktestOptions options, String type,
                                     ForecastTrack track) {
        RollingOriginSchedule schedule = new RollingOriginSchedule(options.historyMinutes(), HORIZON_MINUTES,
                DECISION_MINUTES, REFIT_MINUTES);
        ForecastSettings settings = ForecastSettings.daily(Duration.ofMinutes(1), HORIZON_MINUTES, options.seed());
        List<ForecasterScore> parts = new ArrayList<>();
        for (Segment segment : scenario.segments()) {
            int offset = segment.dataFrom();
            parts.add(new RollingOriginEvaluator(schedule, settings).evaluate(seen.slice(offset, segment.endMinute()),
                    registry.get(type), new EvaluationListener() {
                        @Override
                        public void refitted(String t, int refit, int refits, double seconds) {
                            listener.refitted(t, refit, refits, seconds);
                        }

                        @Override
                        public void failed(String t, int origin, String message) {
                            listener.failed(t, origin + offset, message);
                        }

                        @Override
                        public void forecastMade(String t, int origin, Forecast forecast) {
                            track.put(origin + offset, forecast);
                            listener.forecastMade(t, origin + offset, forecast);
                        }
                    }));
        }
        return ForecasterScore.combine(parts);
    }

    /** The prescient controller of a single-segment scenario, as {@link #run} builds it. */
    static PrescientController prescient(TimeSeries series, Scenario scenario, BacktestOptions options,
                                         Map<String, ForecastTrack> tracks) {
        return PrescientRun.controller(series.start(), scenario, options, tracks, scenario.segments().get(0));
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

    private static double knownMean(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(0);
    }
}

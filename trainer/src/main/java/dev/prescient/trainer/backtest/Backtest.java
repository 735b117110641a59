package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.forecast.eval.RollingOriginEvaluator;
import dev.prescient.common.forecast.eval.RollingOriginSchedule;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.sizing.CalibrationReplay;
import dev.prescient.trainer.sizing.SizingLearner;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Sizing;

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

    /**
     * The {@code slo.demandQuery} of a backtest: the demand the simulator serves, minute by minute (what a rate over one
     * minute returns where the signal is a rate over more). {@code backtest --slo-on demand} sets it.
     */
    public static final String SERVED_DEMAND = "the served demand, per minute";


    public static final int HORIZON_MINUTES = 30;
    public static final int DECISION_MINUTES = 5;
    public static final int REFIT_MINUTES = 1440;


    private final ForecasterRegistry registry;
    private final EvaluationListener listener;
    private final Optional<ForecastCache> cache;

    public Backtest(ForecasterRegistry registry, EvaluationListener listener) {
        this(registry, listener, Optional.empty());
    }

    /** @param cache where forecasts of earlier runs are replayed from and new ones recorded; empty = none */
    public Backtest(ForecasterRegistry registry, EvaluationListener listener, Optional<ForecastCache> cache) {
        this.registry = registry;
        this.listener = listener;
        this.cache = cache;
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
        Map<Integer, Sizing> sizings = options.policies().contains("prescient")
                || options.policies().contains(BacktestOptions.PRESCIENT_NO_DEMOTION)
                ? learnSizings(seen, series, scenario, options, calibrations(seen, scenario, options,
                options.prescient().forecaster())) : Map.of();
        PolicyResult oracle = sim.oracle();
        List<PolicyResult> results = new ArrayList<>();
        PrescientRun prescient = null;
        for (String policy : options.policies()) {
            switch (policy) {
                case "oracle" -> results.add(oracle);
                case "hpa" -> results.add(sim.run(segment -> HpaEmulator.standard(scenario)).withCostRatio(oracle.podMinutes()));
                case "prescient" -> {
                    prescient = new PrescientRun(seen.start(), scenario, options, tracks, sizings);
                    results.add(sim.run(prescient::forSegment).withCostRatio(oracle.podMinutes()));
                }
                case BacktestOptions.PRESCIENT_NO_DEMOTION -> {
                    BacktestOptions undemoted = options.withPrescient(
                            options.prescient().withDemotion(Optional.empty()));
                    PrescientRun run = new PrescientRun(seen.start(), scenario, undemoted, tracks, sizings);
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
                periodFrom(series, scenario, options), options.signal(), Optional.of(frontier), sizings);
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
            TimeSeries data = seen.slice(offset, segment.endMinute());
            Forecaster forecaster = registry.get(type);
            Optional<ForecastCache.Entry> cached = cache.map(c -> c.entry(forecaster, "track", data, schedule, settings));
            parts.add(new RollingOriginEvaluator(schedule, settings).evaluate(data,
                    cached.<Forecaster>map(e -> e).orElse(forecaster), new EvaluationListener() {
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
            cached.ifPresent(ForecastCache.Entry::save);
        }
        return ForecasterScore.combine(parts);
    }

    /**
     * At every refit of every segment (when the rolling-origin replay trains a new model), the forecasts a model of
     * the same forecaster makes over the calibration span at the end of the history the trainer would read (see
     * {@link CalibrationReplay#spanSteps}), having trained on the history before it: what the trainer learns the
     * sizing from. Keyed by the refit minute.
     */
    private Map<Integer, List<Forecast>> calibrations(TimeSeries seen, Scenario scenario, BacktestOptions options,
                                                      String type) {
        ForecastSettings settings = ForecastSettings.daily(Duration.ofMinutes(1), HORIZON_MINUTES, options.seed());
        Map<Integer, List<Forecast>> out = new java.util.TreeMap<>();
        int planned = 0;
        for (Segment segment : scenario.segments()) {
            planned += (segment.spanMinutes() - HORIZON_MINUTES) / REFIT_MINUTES + 1;
        }
        for (Segment segment : scenario.segments()) {
            for (int t = segment.firstMinute(); t + HORIZON_MINUTES <= segment.endMinute(); t += REFIT_MINUTES) {
                long started = System.nanoTime();
                int from = calibrationFrom(segment, t, options);
                TimeSeries history = seen.slice(from, t);
                int span = CalibrationReplay.spanSteps(history.size(), settings.seasonSteps(), spanDays(options));
                Forecaster forecaster = registry.get(type);
                Optional<ForecastCache.Entry> cached = cache.map(c -> c.entry(forecaster, "calibration", history,
                        span, options.historyMinutes(), settings, DECISION_MINUTES));
                try {
                    out.put(t, CalibrationReplay.replay(cached.<Forecaster>map(e -> e).orElse(forecaster), history,
                            span, options.historyMinutes(), settings, DECISION_MINUTES));
                } catch (ForecastException e) {
                    listener.failed(type, t, "cannot learn the sizing: " + e.getMessage());
                    out.put(t, List.of());
                }
                cached.ifPresent(ForecastCache.Entry::save);
                listener.refitted(type + " calibration", out.size(), planned, (System.nanoTime() - started) / 1e9);
            }
        }
        return out;
    }

    /**
     * The sizing the trainer would learn at every refit, from the calibration forecasts of that refit and the history
     * before it (the segment's only), under the prescient setup's policy settings and SLO. Where the SLO names a
     * demand query ({@link #SERVED_DEMAND}), the SLO is judged on the demand the simulator serves, as the trainer
     * judges it on what {@code slo.demandQuery} returns; else on the signal, as for a workload without one.
     */
    private Map<Integer, Sizing> learnSizings(TimeSeries seen, TimeSeries served, Scenario scenario,
                                              BacktestOptions options, Map<Integer, List<Forecast>> calibrations) {
        TimeSeries judged = options.prescient().slo().demandQuery().isPresent() ? served : seen;
        SizingLearner learner = new SizingLearner(options.prescient().policy());
        WorkloadSpec spec = PrescientRun.spec(scenario, options);
        Duration d = Duration.ofMinutes(scenario.startupDelayMinutes());
        List<Map.Entry<Segment, Integer>> refits = new ArrayList<>();
        for (Segment segment : scenario.segments()) {
            for (Map.Entry<Integer, List<Forecast>> e : calibrations.entrySet()) {
                int t = e.getKey();
                if (t >= segment.firstMinute() && t < segment.endMinute() && !e.getValue().isEmpty()) {
                    refits.add(Map.entry(segment, t));
                }
            }
        }
        // each refit's sizing is learnt on its own (thousands of simulations each): one per core, in any order
        Map<Integer, Sizing> out = new java.util.concurrent.ConcurrentSkipListMap<>();
        refits.parallelStream().forEach(r -> {
            Segment segment = r.getKey();
            int t = r.getValue();
            TimeSeries history = seen.slice(calibrationFrom(segment, t, options), t);
            try {
                int from = Math.min(calibrationFrom(segment, t, options),
                        Math.max(segment.dataFrom(), t - (int) SizingLearner.REACTIVE_HISTORY.toMinutes()));
                out.put(t, learner.learn(history, calibrations.get(t), spec, d,
                        CalibrationReplay.spanSteps(history.size(), 1440, spanDays(options)), seen.slice(from, t),
                        judged.slice(from, t)));
            } catch (IllegalArgumentException ex) {
                synchronized (listener) {
                    listener.failed(options.prescient().forecaster(), t, ex.getMessage());
                }
            }
        });
        return new java.util.TreeMap<>(out);
    }

    /** What the trainer would read at a refit at {@code t}: the history plus the longest calibration span. */
    private static int calibrationFrom(Segment segment, int t, BacktestOptions options) {
        return Math.max(segment.dataFrom(), t - options.historyMinutes() - spanDays(options) * 1440);
    }

    /** Days of the calibration span, as the trainer takes them from the workload's history. */
    private static int spanDays(BacktestOptions options) {
        return CalibrationReplay.spanDays(Duration.ofMinutes(options.historyMinutes()));
    }

    /** The prescient controller of a single-segment scenario, as {@link #run} builds it. */
    static PrescientController prescient(TimeSeries series, Scenario scenario, BacktestOptions options,
                                         Map<String, ForecastTrack> tracks) {
        return prescient(series, scenario, options, tracks, Map.of());
    }

    /** As {@link #prescient(TimeSeries, Scenario, BacktestOptions, Map)} with given sizings by refit minute. */
    static PrescientController prescient(TimeSeries series, Scenario scenario, BacktestOptions options,
                                         Map<String, ForecastTrack> tracks, Map<Integer, Sizing> sizings) {
        return PrescientRun.controller(series.start(), scenario, options, tracks, sizings, scenario.segments().get(0));
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

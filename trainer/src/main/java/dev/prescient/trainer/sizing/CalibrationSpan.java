package dev.prescient.trainer.sizing;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The calibration span: its decisions, its segments, and a simulator over them. A gap shorter than the history is
 * lived through inside a segment, as the backtest does (its minutes neither simulated nor costed, the controllers
 * seeing no demand there); a longer one splits the span.
 */
final class CalibrationSpan {

    private static final int DAY = 1440;

    /** The minute of {@code history} the span starts at. */
    final int spanStart;
    /** The parts of the span simulated, split at gaps as long as the workload's history. */
    final List<Segment> segments = new ArrayList<>();
    private final PolicySettings settings;
    private final TimeSeries history;
    private final TimeSeries reactiveHistory;
    /** The demand served over {@code history}, and over {@code reactiveHistory}: what short minutes count on. */
    private final TimeSeries served;
    private final TimeSeries servedWhole;
    private final WorkloadSpec spec;
    private final Duration startupDelay;
    private final Map<Integer, Forecast> byOrigin = new TreeMap<>();
    private final Map<Integer, Observed> observed = new HashMap<>();
    private final Simulator simulator;
    private final ScalingPolicy policy;

    /**
     * @param settings the actuator's policy settings
     * @param history the demand the policy sees, one-minute step; its last {@code spanMinutes} are the span
     * @param calibration the forecasts made over the span by a model that did not train on it
     * @param spec the workload
     * @param startupDelay the start-up delay the actuator will use
     * @param spanMinutes length of the span
     * @param reactiveHistory a history ending with {@code history}, possibly longer, the HPA alone is judged on
     * @param served the demand served over {@code reactiveHistory}
     */
    CalibrationSpan(PolicySettings settings, TimeSeries history, List<Forecast> calibration, WorkloadSpec spec,
                    Duration startupDelay, int spanMinutes, TimeSeries reactiveHistory, TimeSeries served) {
        this.settings = settings;
        this.policy = new ScalingPolicy(settings).withoutReasons();
        this.history = history;
        this.reactiveHistory = reactiveHistory;
        this.servedWhole = served;
        int offset = served.size() - history.size();
        this.served = served.slice(offset, served.size());
        this.spec = spec;
        this.startupDelay = startupDelay;
        this.spanStart = Math.max(1, history.size() - spanMinutes);
        for (Forecast f : calibration) {
            long m = history.indexOf(f.start());
            if (m >= 0 && m < history.size()) {
                byOrigin.put((int) m, f);
            }
        }
        segments.addAll(segmentsFrom(bothObserved(history, this.served), spanStart - 1));
        this.simulator = segments.isEmpty() ? null : simulatorOver(history, this.served, segments);
    }

    /** The values of {@code a}, a gap wherever either series has one. */
    private static double[] bothObserved(TimeSeries a, TimeSeries b) {
        double[] v = a.values();
        double[] w = b.values();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.isNaN(w[i]) ? Double.NaN : v[i];
        }
        return out;
    }

    /**
     * The parts from minute {@code from} on, each from a known minute to a known minute, living through the gaps
     * shorter than the workload's history and split at the longer ones, each with more than two decision
     * intervals of known minutes.
     */
    private List<Segment> segmentsFrom(double[] v, int from) {
        int interval = (int) settings.decisionInterval().toMinutes();
        long bridged = spec.history().toMinutes();
        List<Segment> out = new ArrayList<>();
        int a = from;
        while (a < v.length && Double.isNaN(v[a])) {
            a++;
        }
        while (a < v.length) {
            List<Segment.Gap> gaps = new ArrayList<>();
            int known = 0;
            int b = a;
            int next = v.length;
            while (true) {
                int runEnd = b;
                while (runEnd < v.length && !Double.isNaN(v[runEnd])) {
                    runEnd++;
                }
                known += runEnd - b;
                int gapEnd = runEnd;
                while (gapEnd < v.length && Double.isNaN(v[gapEnd])) {
                    gapEnd++;
                }
                b = runEnd;
                if (gapEnd == v.length || gapEnd - runEnd >= bridged) {
                    next = gapEnd;
                    break;
                }
                gaps.add(new Segment.Gap(runEnd, gapEnd));
                b = gapEnd;
            }
            if (known > 2 * interval) {
                out.add(new Segment(a, a + 1, b, gaps));
            }
            a = next;
        }
        return out;
    }

    /** The policy sees {@code seen}, the cluster serves {@code demand}. */
    private Simulator simulatorOver(TimeSeries seen, TimeSeries demand, List<Segment> parts) {
        return new Simulator(clean(demand.values(), parts), clean(seen.values(), parts),
                new Scenario(spec.capacityPerPod(), (int) startupDelay.toMinutes(), 1, parts, spec.minReplicas(),
                        spec.maxReplicas()));
    }

    /**
     * Each reactive setting (no floor) and the reference HPA over the reactive history (up to
     * {@link SizingLearner#REACTIVE_HISTORY}), not the span only: a plain HPA needs no forecast, so its choice can rest on every
     * day there is. In hpa-floor mode only, where a
     * sizing without floor leaves the floor at {@code minReplicas} and the HPA scales alone; empty otherwise. The
     * figures are per {@link SettingChoice#FOLDS} equal blocks of that history, so that the choice made on some of them
     * can be judged on the one left out.
     */
    Optional<Map<Sizing.Reactive, Figures[]>> reactiveOverWholeHistory(List<Candidate> reactive) {
        if (spec.mode() != ScalingMode.HPA_FLOOR) {
            return Optional.empty();
        }
        List<Segment> parts = segmentsFrom(bothObserved(reactiveHistory, servedWhole), 0);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Simulator whole = simulatorOver(reactiveHistory, servedWhole, parts);
        Map<Sizing.Reactive, Figures[]> out = new HashMap<>();
        List<Sizing.Reactive> settingsToRun = new ArrayList<>(reactive.stream().map(Candidate::reactive).toList());
        settingsToRun.add(SizingLearner.REFERENCE);
        for (Sizing.Reactive r : settingsToRun) {
            PolicyResult run = whole.run(segment -> new HpaEmulator(spec.capacityPerPod(), r.targetUtilization(),
                    HpaEmulator.TOLERANCE, r.scaleDownWindowMinutes(), spec.minReplicas(), spec.maxReplicas()));
            out.put(r, figures(run, whole, servedWhole, SettingChoice.FOLDS));
        }
        return Optional.of(out);
    }

    /**
     * A run's figures per block of the span, counting only minutes within reach: a minute whose demand exceeds
     * {@code maxReplicas × capacityPerPod} is short whatever the sizing does, so it neither counts against a
     * setting nor makes the SLO look unreachable for the others. Pod-minutes and changes count every minute, as
     * the simulator does.
     */
    private Figures[] figures(PolicyResult r) {
        return figures(r, simulator, served, SettingChoice.FOLDS);
    }

    /** {@link #figures(PolicyResult)} of a run of {@code sim}, over {@code blocks} equal blocks of its span. */
    private Figures[] figures(PolicyResult r, Simulator sim, TimeSeries series, int blocks) {
        double[] v = series.values();
        List<Segment> parts = sim.scenario().segments();
        int first = sim.scenario().firstMinute();
        int from = parts.get(0).firstMinute();
        int length = parts.get(parts.size() - 1).endMinute() - from;
        double cap = spec.maxReplicas() * spec.capacityPerPod();
        int[] shortMinutes = new int[blocks];
        int[] minutes = new int[blocks];
        long[] pods = new long[blocks];
        int[] changes = new int[blocks];
        for (Segment s : parts) {
            int before = sim.initialPods(s);
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                if (!s.simulates(t)) {
                    // a gap lived through: neither counted nor costed; a change made in it shows after it
                    continue;
                }
                int k = (int) ((long) (t - from) * blocks / length);
                int total = r.total()[t - first];
                pods[k] += total;
                if (total != before) {
                    changes[k]++;
                }
                before = total;
                if (v[t] > cap + 1e-9) {
                    continue;
                }
                minutes[k]++;
                if (v[t] > r.ready()[t - first] * spec.capacityPerPod() + 1e-9) {
                    shortMinutes[k]++;
                }
            }
        }
        Figures[] out = new Figures[blocks];
        for (int k = 0; k < blocks; k++) {
            out[k] = new Figures(shortMinutes[k], minutes[k], pods[k], changes[k]);
        }
        return out;
    }

    /**
     * Gaps as zero outside the segments, where the simulator never looks; inside a segment's gaps they stay gaps,
     * as the controllers see none there.
     */
    private double[] clean(double[] v, List<Segment> parts) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i]) && !inBridgedGap(parts, i)) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static boolean inBridgedGap(List<Segment> parts, int m) {
        for (Segment s : parts) {
            for (Segment.Gap g : s.gaps()) {
                if (m >= g.from() && m < g.to()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The decisions of the span with a forecast and the demand that followed: what the headroom is learnt from. */
    List<CalibrationPoint> points() {
        List<CalibrationPoint> out = new ArrayList<>();
        int interval = (int) settings.decisionInterval().toMinutes();
        int d = (int) startupDelay.toMinutes();
        double[] v = served.values();
        for (Segment s : segments) {
            for (int t = s.firstMinute(); t + d + interval <= s.endMinute(); t += interval) {
                Optional<Map.Entry<Integer, Forecast>> f = forecastAt(t);
                if (f.isEmpty()) {
                    continue;
                }
                Instant from = history.timeAt(t + d);
                Instant to = from.plus(settings.decisionInterval());
                double p50 = ScalingPolicy.peak(f.get().getValue(), from, to, false);
                double p90 = ScalingPolicy.peak(f.get().getValue(), from, to, true);
                if (Double.isNaN(p50)) {
                    continue;
                }
                double actual = Double.NEGATIVE_INFINITY;
                for (int m = t + d; m < t + d + interval; m++) {
                    actual = s.simulates(m) ? Math.max(actual, v[m]) : Double.NaN;
                }
                if (Double.isNaN(actual)) {
                    // the demand the pods would have served fell in a gap lived through: nothing to learn from
                    continue;
                }
                out.add(new CalibrationPoint(t, (int) Math.floorMod(from.getEpochSecond() / 60, DAY), p50, p90,
                        actual));
            }
        }
        return out;
    }

    private Optional<Map.Entry<Integer, Forecast>> forecastAt(int t) {
        int maxAge = (int) settings.maxForecastAge().toMinutes();
        for (int o = t; o >= t - maxAge; o--) {
            Forecast f = byOrigin.get(o);
            if (f != null) {
                return Optional.of(Map.entry(o, f));
            }
        }
        return Optional.empty();
    }

    /**
     * The HPA under the floor as the workload has it before any retune (its {@code targetUtilization}, the
     * Kubernetes default 5-minute window), as the backtest sets it up: each decision retunes it to the setting
     * tried while that applies, and a hold of a setting with a floor takes it back here.
     */
    private HpaEmulator ownHpa() {
        return new HpaEmulator(spec.capacityPerPod(), spec.targetUtilization(), HpaEmulator.TOLERANCE, 5,
                spec.minReplicas(), spec.maxReplicas());
    }

    /** Runs one setting (a null floor: none) over the span's segments. */
    Candidate simulate(Sizing.Floor floor, Sizing.Reactive reactive) {
        return simulate(spec, floor, reactive);
    }

    /**
     * The standard HPA ({@link SizingLearner#REFERENCE}) alone over the span, whatever the workload's mode: what every
     * setting's cost and scale changes are set against. In replicas mode the settings without floor are replicas
     * that follow the observed rate at each decision, not this HPA, which reacts every minute.
     */
    Candidate standardHpa() {
        return simulate(spec.withMode(ScalingMode.HPA_FLOOR), null, SizingLearner.REFERENCE);
    }

    private Candidate simulate(WorkloadSpec as, Sizing.Floor floor, Sizing.Reactive reactive) {
        Sizing sizing = new Sizing(as.slo().maxShortMinutesPct(), (int) settings.decisionInterval().toMinutes(),
                (int) startupDelay.toMinutes(), Optional.ofNullable(floor), reactive, Sizing.Calibration.none());
        PolicyResult r = simulator.run(segment -> new SizedController(policy, as, startupDelay,
                new SizedController.Inputs() {
                    @Override
                    public Optional<ForecastView> forecast(int t) {
                        return forecastAt(t).map(e -> new ForecastView(e.getValue(), history.timeAt(e.getKey()),
                                ForecastView.SOURCE_MODEL, "calibration", Optional.of(sizing)));
                    }

                    @Override
                    public Observed observed(int t, SimView view) {
                        return observed.computeIfAbsent(t, m -> ObservedDemand.from(history, history.timeAt(m),
                                startupDelay, settings));
                    }
                }, history.start(), segment.firstMinute(), ownHpa(), false));
        return new Candidate(floor, reactive, figures(r), simulator.scenario().simulatedMinutes());
    }
}

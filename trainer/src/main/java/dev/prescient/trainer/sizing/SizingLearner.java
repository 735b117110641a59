package dev.prescient.trainer.sizing;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.HpaEmulator;
import dev.prescient.trainer.backtest.HpaFrontier;
import dev.prescient.trainer.backtest.PolicyResult;
import dev.prescient.trainer.backtest.Scenario;
import dev.prescient.trainer.backtest.Segment;
import dev.prescient.trainer.backtest.Simulator;
import dev.prescient.trainer.backtest.SizedController;
import dev.prescient.trainer.backtest.SimView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Learns a workload's {@link Sizing} from its own history, out of sample: the forecasts a model made over the
 * calibration span (the newest part of the history, which it did not train on — see {@link CalibrationReplay}) are
 * turned into the decisions the actuator would have taken, their errors into split-conformal headrooms at several
 * levels ({@link HeadroomLearner}), and every combination of headroom, seasonal memory, floor hold and the HPA under
 * the floor (every target and scale-down window of the {@link HpaFrontier}), plus no floor at all, is simulated over
 * the span with the backtest's simulator and the shared policy under the actuator's settings. The cheapest setting
 * that keeps the share of short minutes within the SLO (counting the minutes within reach: demand that exceeds
 * {@code maxReplicas × capacityPerPod} is short whatever any setting does) and changes scale no more often than a
 * standard HPA (target
 * 0.7, 5-minute window) over the same span wins; when none meets the SLO, the one short least often.
 */
public final class SizingLearner {

    /** Shares of calibration windows the floor may miss: from below the median to almost never. */
    static final double[] ALPHAS = {0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02};
    /** Floor holds tried, in minutes: none, and up to an hour against churn. */
    static final int[] HOLDS = {0, 15, 30, 60};
    private static final int DAY = 1440;

    private final PolicySettings settings;

    /** @param settings the actuator's policy settings, decision interval included: what will run */
    public SizingLearner(PolicySettings settings) {
        this.settings = settings;
    }

    /**
     * @param history the demand as the workload's query returns it, one-minute step, up to now; its last
     *     {@code spanMinutes} are the calibration span
     * @param calibration the forecasts made over the span by a model that did not train on it
     * @param spec the workload: capacity per pod, replica bounds, mode and SLO
     * @param startupDelay the start-up delay the actuator will use
     * @param spanMinutes length of the calibration span
     * @throws IllegalArgumentException when the span holds no decision to learn from
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes) {
        if (!history.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("sizing is learnt at a one-minute step, got " + history.step());
        }
        Span span = new Span(history, calibration, spec, startupDelay, spanMinutes);
        List<CalibrationPoint> points = span.points();
        if (points.isEmpty() || span.segments.isEmpty()) {
            throw new IllegalArgumentException("cannot learn the sizing of " + spec.key() + ": the calibration span of "
                    + spanMinutes + " minutes ending " + history.end() + " holds no decision with a forecast and the "
                    + "demand that followed");
        }
        Candidate reference = span.simulate(null, new Sizing.Reactive(0.7, 5));
        List<Candidate> tried = new ArrayList<>();
        for (Optional<Sizing.Floor> floor : floors(points, span, history)) {
            for (int window : HpaFrontier.WINDOWS) {
                for (double target : spec.mode() == ScalingMode.HPA_FLOOR ? HpaFrontier.targets() : List.of(0.7)) {
                    tried.add(span.simulate(floor.orElse(null), new Sizing.Reactive(target, window)));
                }
                if (spec.mode() != ScalingMode.HPA_FLOOR) {
                    break;
                }
            }
        }
        Candidate best = choose(tried, reference, spec.slo().maxShortMinutesPct());
        return new Sizing(spec.slo().maxShortMinutesPct(), (int) settings.decisionInterval().toMinutes(),
                (int) startupDelay.toMinutes(), Optional.ofNullable(best.floor), best.reactive,
                new Sizing.Calibration(best.minutes, best.underPct, reference.podMinutes == 0 ? Double.NaN
                        : (double) best.podMinutes / reference.podMinutes, best.changes, reference.changes,
                        tried.size(), best.underPct <= spec.slo().maxShortMinutesPct()));
    }

    /** No floor, then every headroom level × memory × hold. */
    private List<Optional<Sizing.Floor>> floors(List<CalibrationPoint> points, Span span, TimeSeries history) {
        List<Optional<Sizing.Floor>> out = new ArrayList<>();
        out.add(Optional.empty());
        int interval = (int) settings.decisionInterval().toMinutes();
        List<Integer> memories = new ArrayList<>(List.of(0));
        int daysBefore = (span.spanStart) / DAY;
        for (int days : new int[] {3, ObservedDemand.MAX_MEMORY_DAYS}) {
            if (daysBefore >= days && !memories.contains(days)) {
                memories.add(days);
            }
        }
        for (double alpha : ALPHAS) {
            Headroom h = HeadroomLearner.learn(points, alpha, interval);
            for (int memory : memories) {
                for (int hold : HOLDS) {
                    out.add(Optional.of(new Sizing.Floor(h, memory, hold)));
                }
            }
        }
        return out;
    }

    /**
     * The cheapest setting within the SLO and the reference's churn. When none is within the SLO, the cheapest of
     * those (within the churn) that come close to the least short one — within a tenth of its U or 0.1 point — so that
     * an unreachable SLO does not buy a large cost for a small gain.
     */
    static Candidate choose(List<Candidate> tried, Candidate reference, double slo) {
        List<Candidate> calm = tried.stream().filter(c -> c.changes <= reference.changes).toList();
        List<Candidate> pool = calm.isEmpty() ? tried : calm;
        double least = pool.stream().mapToDouble(Candidate::underPct).min().orElse(Double.NaN);
        double bound = least <= slo ? slo : least + Math.max(0.1 * least, 0.1);
        Candidate best = null;
        for (Candidate c : pool) {
            if (c.underPct <= bound && (best == null || c.podMinutes < best.podMinutes
                    || c.podMinutes == best.podMinutes && c.underPct < best.underPct)) {
                best = c;
            }
        }
        return best;
    }

    /** One simulated setting and what it did over the span. */
    record Candidate(Sizing.Floor floor, Sizing.Reactive reactive, double underPct, long podMinutes, int changes,
                     int minutes) {
    }

    /** The calibration span: its decisions, its segments without gaps, and a simulator over them. */
    private final class Span {
        final TimeSeries history;
        final WorkloadSpec spec;
        final Duration startupDelay;
        final int spanStart;
        final Map<Integer, Forecast> byOrigin = new TreeMap<>();
        final Map<Integer, Observed> observed = new HashMap<>();
        final List<Segment> segments = new ArrayList<>();
        final Simulator simulator;
        final ScalingPolicy policy = new ScalingPolicy(settings).withoutReasons();

        Span(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
             int spanMinutes) {
            this.history = history;
            this.spec = spec;
            this.startupDelay = startupDelay;
            this.spanStart = Math.max(1, history.size() - spanMinutes);
            for (Forecast f : calibration) {
                long m = history.indexOf(f.start());
                if (m >= 0 && m < history.size()) {
                    byOrigin.put((int) m, f);
                }
            }
            double[] v = history.values();
            int interval = (int) settings.decisionInterval().toMinutes();
            int a = spanStart - 1;
            while (a < v.length) {
                while (a < v.length && Double.isNaN(v[a])) {
                    a++;
                }
                int b = a;
                while (b < v.length && !Double.isNaN(v[b])) {
                    b++;
                }
                if (b - a > 2 * interval) {
                    segments.add(new Segment(a, a + 1, b));
                }
                a = b;
            }
            this.simulator = segments.isEmpty() ? null : new Simulator(clean(v), new Scenario(spec.capacityPerPod(),
                    (int) startupDelay.toMinutes(), 1, segments, spec.minReplicas(), spec.maxReplicas()));
        }

        /**
         * The share of short minutes over the span, counting only minutes within reach: a minute whose demand
         * exceeds {@code maxReplicas × capacityPerPod} is short whatever the sizing does, so it neither counts
         * against a setting nor makes the SLO look unreachable for the others.
         */
        double shortWithinReachPct(PolicyResult r) {
            double[] v = history.values();
            int first = simulator.scenario().firstMinute();
            double cap = spec.maxReplicas() * spec.capacityPerPod();
            int shortMinutes = 0;
            int minutes = 0;
            for (Segment s : simulator.scenario().segments()) {
                for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                    if (v[t] > cap + 1e-9) {
                        continue;
                    }
                    minutes++;
                    if (v[t] > r.ready()[t - first] * spec.capacityPerPod() + 1e-9) {
                        shortMinutes++;
                    }
                }
            }
            return minutes == 0 ? 0 : 100.0 * shortMinutes / minutes;
        }

        /** Gaps as zero outside the segments: the simulator checks only inside them. */
        private double[] clean(double[] v) {
            double[] out = v.clone();
            for (int i = 0; i < out.length; i++) {
                if (Double.isNaN(out[i])) {
                    out[i] = 0;
                }
            }
            return out;
        }

        List<CalibrationPoint> points() {
            List<CalibrationPoint> out = new ArrayList<>();
            int interval = (int) settings.decisionInterval().toMinutes();
            int d = (int) startupDelay.toMinutes();
            double[] v = history.values();
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
                        actual = Math.max(actual, v[m]);
                    }
                    out.add(new CalibrationPoint(t, (int) Math.floorMod(from.getEpochSecond() / 60, DAY), p50, p90,
                            actual));
                }
            }
            return out;
        }

        Optional<Map.Entry<Integer, Forecast>> forecastAt(int t) {
            int maxAge = (int) settings.maxForecastAge().toMinutes();
            for (int o = t; o >= t - maxAge; o--) {
                Forecast f = byOrigin.get(o);
                if (f != null) {
                    return Optional.of(Map.entry(o, f));
                }
            }
            return Optional.empty();
        }

        /** Runs one setting (a null floor: none) over the span's segments. */
        Candidate simulate(Sizing.Floor floor, Sizing.Reactive reactive) {
            Sizing sizing = new Sizing(spec.slo().maxShortMinutesPct(), (int) settings.decisionInterval().toMinutes(),
                    (int) startupDelay.toMinutes(), Optional.ofNullable(floor), reactive, Sizing.Calibration.none());
            PolicyResult r = simulator.run(segment -> new SizedController(policy, spec, startupDelay,
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
                    }, history.start(), segment.firstMinute(), new HpaEmulator(spec.capacityPerPod(),
                    reactive.targetUtilization(), HpaEmulator.TOLERANCE, reactive.scaleDownWindowMinutes(),
                    spec.minReplicas(), spec.maxReplicas()), false));
            return new Candidate(floor, reactive, shortWithinReachPct(r), r.podMinutes(), r.scaleChanges(),
                    simulator.scenario().simulatedMinutes());
        }
    }
}

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
import java.util.function.Function;

/**
 * Learns a workload's {@link Sizing} from its own history, out of sample: the forecasts a model made over the
 * calibration span (the newest part of the history, which it did not train on — see {@link CalibrationReplay}) are
 * turned into the decisions the actuator would have taken, their errors into split-conformal headrooms at several
 * levels ({@link HeadroomLearner}), and every combination of headroom, seasonal memory, floor hold and the HPA under
 * the floor (every setting of the {@link HpaFrontier}), plus no floor at all (every frontier target at the scale-down
 * windows of {@link #REACTIVE_WINDOWS}), is simulated over the span with the backtest's simulator and the shared
 * policy under the actuator's settings. The cheapest setting that keeps the share of short minutes within the SLO
 * (counting the minutes within reach: demand that exceeds {@code maxReplicas × capacityPerPod} is short whatever any
 * setting does) and changes scale no more often than a standard HPA (target 0.7, 5-minute window) over the same span
 * wins; when none meets the SLO, the one short least often. The SLO the span's choice is held to is tightened by the
 * {@link #optimism} of choosing in sample: how much more often a setting chosen on some days is short on the next.
 *
 * <p>A floor must also pay for itself out of sample ({@link #floorPays}): the span is cut into {@link #FOLDS} equal
 * blocks, the floor setting is chosen on all blocks but one and judged on the one left out, and the floor is kept only
 * when, on every left-out block and over all of them, it is short no more often than the fixed reactive settings reach
 * at the same cost. Otherwise (a forecast without skill, news-driven spikes) the sizing steps back to the reactive HPA
 * alone, whose scale-down window is chosen by its curve before its target ({@link #chooseAlongCurves}).
 */
public final class SizingLearner {

    /** Shares of calibration windows the floor may miss: from below the median to almost never. */
    static final double[] ALPHAS = {0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02};
    /** Floor holds tried, in minutes: none, and up to an hour against churn. */
    static final int[] HOLDS = {0, 15, 30, 60};
    /**
     * Scale-down windows of the HPA alone (no floor), in minutes: the frontier's 1 and 5, and longer ones that change
     * scale less often — what a workload whose forecast does not pay falls back to without outrunning the churn of a
     * standard HPA. Under a floor (whose hold already calms it) the frontier's windows only.
     */
    static final List<Integer> REACTIVE_WINDOWS = List.of(1, 5, 10, 15);
    /** The standard HPA every setting is compared with: target 0.7, 5-minute scale-down window. */
    static final Sizing.Reactive REFERENCE = new Sizing.Reactive(0.7, 5);
    /**
     * How far back the HPA alone is judged when the forecast does not pay (hpa-floor mode): two weeks, within
     * Prometheus' default retention of 15 days. A plain HPA needs no forecast, so its setting can rest on more days than
     * the calibration span, and a setting chosen on more days changes less from one daily refit to the next.
     */
    public static final Duration REACTIVE_HISTORY = Duration.ofDays(14);
    /** Blocks the calibration span is cut into to judge a floor out of sample. */
    static final int FOLDS = 3;
    /**
     * The most the span's choice is tightened for the optimism of choosing in sample ({@link #optimism}): to half the
     * SLO, so that a few unlucky left-out minutes cannot buy a large cost.
     */
    static final double MAX_OPTIMISM = 2;
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
        return learn(history, calibration, spec, startupDelay, spanMinutes, history);
    }

    /** The decisions of the span the headroom is learnt from, as {@link #learn} finds them (for tests). */
    List<CalibrationPoint> calibrationPoints(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec,
                                             Duration startupDelay, int spanMinutes) {
        return new Span(history, calibration, spec, startupDelay, spanMinutes, history, history).points();
    }

    /**
     * As {@link #learn(TimeSeries, List, WorkloadSpec, Duration, int)}, with the HPA alone (no floor, hpa-floor mode)
     * chosen over {@code reactiveHistory}: a history ending with {@code history}, possibly longer (up to
     * {@link #REACTIVE_HISTORY}), on which a plain HPA can be judged without any forecast.
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes, TimeSeries reactiveHistory) {
        return learn(history, calibration, spec, startupDelay, spanMinutes, reactiveHistory, reactiveHistory);
    }

    /**
     * As {@link #learn(TimeSeries, List, WorkloadSpec, Duration, int, TimeSeries)}, with the SLO judged on
     * {@code served}: the demand the pods serve, minute by minute, where the workload's query smooths it
     * ({@code slo.demandQuery}, e.g. a rate over 1 minute where the query is a rate over 5). The policy still sees the
     * query's signal; the headroom is learnt from the served demand's peaks and every setting's short minutes are
     * counted on it. {@code served} has the step, start and length of {@code reactiveHistory}.
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes, TimeSeries reactiveHistory, TimeSeries served) {
        if (!served.step().equals(reactiveHistory.step()) || !served.start().equals(reactiveHistory.start())
                || served.size() != reactiveHistory.size()) {
            throw new IllegalArgumentException("the demand the SLO is judged on must cover the history read, minute "
                    + "for minute: got " + served.size() + " points from " + served.start() + " against "
                    + reactiveHistory.size() + " from " + reactiveHistory.start());
        }
        if (!history.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("sizing is learnt at a one-minute step, got " + history.step());
        }
        if (!reactiveHistory.step().equals(history.step()) || !reactiveHistory.end().equals(history.end())) {
            throw new IllegalArgumentException("the history the HPA alone is judged on must have the step of the "
                    + "calibration history and end with it, got " + reactiveHistory.step() + " ending "
                    + reactiveHistory.end() + " against " + history.step() + " ending " + history.end());
        }
        Span span = new Span(history, calibration, spec, startupDelay, spanMinutes, reactiveHistory, served);
        List<CalibrationPoint> points = span.points();
        if (points.isEmpty() || span.segments.isEmpty()) {
            throw new IllegalArgumentException("cannot learn the sizing of " + spec.key() + ": the calibration span of "
                    + spanMinutes + " minutes ending " + history.end() + " holds no decision with a forecast and the "
                    + "demand that followed");
        }
        Candidate reference = span.simulate(null, REFERENCE);
        List<Candidate> tried = new ArrayList<>();
        for (Optional<Sizing.Floor> floor : floors(points, span, history)) {
            for (int window : floor.isPresent() ? HpaFrontier.WINDOWS : REACTIVE_WINDOWS) {
                for (double target : spec.mode() == ScalingMode.HPA_FLOOR ? HpaFrontier.targets() : List.of(0.7)) {
                    tried.add(span.simulate(floor.orElse(null), new Sizing.Reactive(target, window)));
                }
                if (spec.mode() != ScalingMode.HPA_FLOOR) {
                    break;
                }
            }
        }
        double slo = spec.slo().maxShortMinutesPct();
        boolean floorPays = floorPays(tried, reference, slo);
        double chosenWithin = floorPays ? slo / optimism(tried, reference, slo) : Double.NaN;
        Candidate best = floorPays ? chooseTightened(tried, reference, slo, chosenWithin, Candidate::total)
                : reactiveOnly(tried.stream().filter(c -> c.floor == null).toList(), reference, slo, span);
        Figures b = best.total();
        Figures ref = reference.total();
        return new Sizing(slo, (int) settings.decisionInterval().toMinutes(),
                (int) startupDelay.toMinutes(), Optional.ofNullable(best.floor), best.reactive,
                new Sizing.Calibration(best.minutes, b.underPct(), ref.podMinutes() == 0 ? Double.NaN
                        : (double) b.podMinutes() / ref.podMinutes(), b.changes(), ref.changes(),
                        tried.size(), b.underPct() <= slo, chosenWithin));
    }

    /**
     * The sizing without floor: the cheapest reactive setting within the SLO and the reference's churn, judged over
     * the whole history read where it can be (hpa-floor mode), else over the span.
     */
    private static Candidate reactiveOnly(List<Candidate> reactive, Candidate reference, double slo, Span span) {
        Optional<Map<Sizing.Reactive, Figures>> whole = span.reactiveOverWholeHistory(reactive);
        if (whole.isEmpty()) {
            return chooseAlongCurves(reactive, reference, slo, Candidate::total);
        }
        Figures referenceWhole = whole.get().get(REFERENCE);
        return chooseAlongCurves(reactive, reference, slo,
                c -> c == reference ? referenceWhole : whole.get().get(c.reactive));
    }

    /**
     * The HPA alone: first the scale-down window whose curve (its targets, sorted by cost) reaches the SLO cheapest,
     * interpolating between neighbouring targets as the backtest's frontier does, then on that curve the cheapest
     * target within the SLO. Choosing the cheapest setting outright would let the coarse grid of targets decide: a
     * window whose curve lies higher (short more often at the same cost) can have a target that happens to fall just
     * within the SLO and just cheaper than the better curve's. Same SLO bound and churn rule as {@link #choose}.
     */
    static Candidate chooseAlongCurves(List<Candidate> reactive, Candidate reference, double slo,
                                       Function<Candidate, Figures> on) {
        List<Candidate> pool = calm(reactive, reference, on);
        double bound = bound(pool, slo, on);
        Map<Integer, List<Candidate>> byWindow = new TreeMap<>();
        for (Candidate c : pool) {
            byWindow.computeIfAbsent(c.reactive.scaleDownWindowMinutes(), w -> new ArrayList<>()).add(c);
        }
        List<Candidate> bestCurve = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (List<Candidate> curve : byWindow.values()) {
            double cost = costToReach(curve, bound, on);
            if (cost < bestCost) {
                bestCost = cost;
                bestCurve = curve;
            }
        }
        return cheapestWithin(bestCurve == null ? pool : bestCurve, on, bound);
    }

    /**
     * The pod-minutes at which a curve of settings first comes within {@code bound}, interpolated linearly between
     * the cheapest setting within it and the next cheaper one; infinite when none is within it.
     */
    static double costToReach(List<Candidate> curve, double bound, Function<Candidate, Figures> on) {
        List<Figures> sorted = curve.stream().map(on).sorted((a, b) -> Long.compare(a.podMinutes(), b.podMinutes()))
                .toList();
        for (int i = 0; i < sorted.size(); i++) {
            Figures f = sorted.get(i);
            if (f.underPct() <= bound + 1e-12) {
                if (i == 0) {
                    return f.podMinutes();
                }
                Figures cheaper = sorted.get(i - 1);
                double share = (cheaper.underPct() - bound) / (cheaper.underPct() - f.underPct());
                return cheaper.podMinutes() + share * (f.podMinutes() - cheaper.podMinutes());
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Whether the forecast's floor pays for itself out of sample: for each of the {@link #FOLDS} blocks of the span,
     * the floor setting {@link #choose chosen} on the other blocks is judged on that block. On every left-out block, and
     * summed over them, it must be short no more often than the fixed reactive settings (no floor, every target and
     * window tried) reach at the same cost on the same minutes, interpolated along each window's curve as the
     * backtest's frontier is. Every block, not only the sum: a floor that wins two days and loses the third pays for
     * pods on the third that a plain HPA would have spent better, and a news-driven day is such a day. Block by block
     * only where the reactive settings form a curve (hpa-floor mode); in replicas mode, one fixed setting, the sum.
     */
    static boolean floorPays(List<Candidate> tried, Candidate reference, double slo) {
        List<Candidate> floors = tried.stream().filter(c -> c.floor != null).toList();
        List<Candidate> reactive = tried.stream().filter(c -> c.floor == null).toList();
        if (floors.isEmpty() || reactive.isEmpty()) {
            return !floors.isEmpty();
        }
        Figures heldOut = Figures.NONE;
        // block by block only against a curve of reactive settings (hpa-floor mode); in replicas mode the fallback is
        // one fixed setting, with no plain HPA at the floor's cost on each block to compare with
        boolean curve = reactive.size() > 1;
        for (int k = 0; k < FOLDS; k++) {
            int out = k;
            Figures f = choose(floors, reference, slo, c -> c.except(out)).blocks[out];
            if (curve && !withinReactiveCurve(f, reactive, reference.blocks[out], c -> c.blocks[out])) {
                return false;
            }
            heldOut = heldOut.plus(f);
        }
        return withinReactiveCurve(heldOut, reactive, reference.total(), Candidate::total);
    }

    /**
     * How much more often than the SLO a setting chosen to meet it is short on days it was not chosen on: for each of
     * the {@link #FOLDS} blocks of the span, the setting {@link #choose chosen} on the other blocks is run on that block,
     * and the short minutes of all left-out blocks are set against the SLO's share of their minutes. The cheapest
     * setting that just meets the SLO where it was chosen is, out of sample, short more often — the more settings are
     * tried and the more one day differs from the next (a weekly cycle), the more so — and the span's choice is made
     * that much tighter ({@code SLO / optimism}) so that the SLO holds on the days that follow. At least 1 (never
     * looser than the SLO) and at most {@link #MAX_OPTIMISM}; 1 when the left-out blocks hold no minute within reach.
     */
    static double optimism(List<Candidate> tried, Candidate reference, double slo) {
        long shortMinutes = 0;
        long minutes = 0;
        for (int k = 0; k < FOLDS; k++) {
            int out = k;
            Figures f = choose(tried, reference, slo, c -> c.except(out)).blocks[out];
            shortMinutes += f.shortMinutes();
            minutes += f.minutes();
        }
        if (minutes == 0) {
            return 1;
        }
        double heldOutPct = 100.0 * shortMinutes / minutes;
        return Math.max(1, Math.min(MAX_OPTIMISM, heldOutPct / slo));
    }

    /**
     * Whether {@code f} is short no more often than the reactive settings' figures {@code on} the same minutes reach
     * at the same cost (pod-minutes relative to the reference's there); true when there is nothing to compare.
     */
    private static boolean withinReactiveCurve(Figures f, List<Candidate> reactive, Figures reference,
                                               Function<Candidate, Figures> on) {
        if (reference.podMinutes() == 0 || f.minutes() == 0) {
            return true;
        }
        double pods = reference.podMinutes();
        HpaFrontier curve = new HpaFrontier(reactive.stream().map(c -> new HpaFrontier.FrontierPoint(
                c.reactive.targetUtilization(), c.reactive.scaleDownWindowMinutes(), on.apply(c).underPct(), 0,
                on.apply(c).podMinutes() / pods, on.apply(c).changes())).toList());
        return f.underPct() <= curve.at(f.podMinutes() / pods).hpaUAtSameCost() + 1e-9;
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
        double leastSpread = CalibrationPoint.minSpreadFraction(points);
        for (double alpha : ALPHAS) {
            for (Headroom h : HeadroomLearner.learnBoth(points, alpha, interval, leastSpread)) {
                for (int memory : memories) {
                    for (int hold : HOLDS) {
                        out.add(Optional.of(new Sizing.Floor(h, memory, hold, leastSpread)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The cheapest setting within the SLO and the reference's churn, judged on the figures {@code on} picks (the
     * whole span, or some of its blocks). When none is within the SLO, the cheapest of those (within the churn) that
     * come close to the least short one — within a tenth of its U or 0.1 point — so that an unreachable SLO does not
     * buy a large cost for a small gain.
     */
    static Candidate choose(List<Candidate> tried, Candidate reference, double slo, Function<Candidate, Figures> on) {
        List<Candidate> pool = calm(tried, reference, on);
        return cheapestWithin(pool, on, bound(pool, slo, on));
    }

    /**
     * As {@link #choose}, within {@code tightened} (at most the SLO) where a setting is, else within what {@code choose}
     * allows short of it — never beyond the SLO when a setting meets it: tightening must not turn a choice that meets
     * the SLO into one that misses it (the promotion gate refuses those).
     */
    static Candidate chooseTightened(List<Candidate> tried, Candidate reference, double slo, double tightened,
                                     Function<Candidate, Figures> on) {
        List<Candidate> pool = calm(tried, reference, on);
        return cheapestWithin(pool, on, Math.min(bound(pool, tightened, on), bound(pool, slo, on)));
    }

    /** The settings that change scale no more often than the reference, or all of them when none does. */
    private static List<Candidate> calm(List<Candidate> tried, Candidate reference, Function<Candidate, Figures> on) {
        int referenceChanges = on.apply(reference).changes();
        List<Candidate> calm = tried.stream().filter(c -> on.apply(c).changes() <= referenceChanges).toList();
        return calm.isEmpty() ? tried : calm;
    }

    /** The SLO, or when no setting of {@code pool} meets it, a tenth (at least 0.1 point) above the least short. */
    private static double bound(List<Candidate> pool, double slo, Function<Candidate, Figures> on) {
        double least = pool.stream().mapToDouble(c -> on.apply(c).underPct()).min().orElse(Double.NaN);
        return least <= slo ? slo : least + Math.max(0.1 * least, 0.1);
    }

    /** The cheapest of {@code pool} within {@code bound}, the less short on a tie. */
    private static Candidate cheapestWithin(List<Candidate> pool, Function<Candidate, Figures> on, double bound) {
        Candidate best = null;
        Figures bestFigures = null;
        for (Candidate c : pool) {
            Figures f = on.apply(c);
            if (f.underPct() <= bound && (best == null || f.podMinutes() < bestFigures.podMinutes()
                    || f.podMinutes() == bestFigures.podMinutes() && f.underPct() < bestFigures.underPct())) {
                best = c;
                bestFigures = f;
            }
        }
        return best;
    }

    /**
     * What a setting did over part of the span.
     *
     * @param shortMinutes minutes within reach that were short
     * @param minutes minutes within reach
     * @param podMinutes ready + starting pod-minutes
     * @param changes minutes in which the pod count changed
     */
    record Figures(int shortMinutes, int minutes, long podMinutes, int changes) {

        static final Figures NONE = new Figures(0, 0, 0, 0);

        Figures plus(Figures o) {
            return new Figures(shortMinutes + o.shortMinutes, minutes + o.minutes, podMinutes + o.podMinutes,
                    changes + o.changes);
        }

        double underPct() {
            return minutes == 0 ? 0 : 100.0 * shortMinutes / minutes;
        }
    }

    /**
     * One simulated setting and what it did over each block of the span.
     *
     * @param floor the floor, null for none
     * @param minutes minutes simulated
     */
    record Candidate(Sizing.Floor floor, Sizing.Reactive reactive, Figures[] blocks, int minutes) {

        Figures total() {
            Figures t = Figures.NONE;
            for (Figures b : blocks) {
                t = t.plus(b);
            }
            return t;
        }

        /** Every block but {@code k}. */
        Figures except(int k) {
            Figures t = Figures.NONE;
            for (int i = 0; i < blocks.length; i++) {
                if (i != k) {
                    t = t.plus(blocks[i]);
                }
            }
            return t;
        }
    }

    /**
     * The calibration span: its decisions, its segments, and a simulator over them. A gap shorter than the history is
     * lived through inside a segment, as the backtest does (its minutes neither simulated nor costed, the controllers
     * seeing no demand there); a longer one splits the span.
     */
    private final class Span {
        final TimeSeries history;
        final TimeSeries reactiveHistory;
        /** The demand served over {@code history}, and over {@code reactiveHistory}: what short minutes count on. */
        final TimeSeries served;
        final TimeSeries servedWhole;
        final WorkloadSpec spec;
        final Duration startupDelay;
        final int spanStart;
        final Map<Integer, Forecast> byOrigin = new TreeMap<>();
        final Map<Integer, Observed> observed = new HashMap<>();
        final List<Segment> segments = new ArrayList<>();
        final Simulator simulator;
        final ScalingPolicy policy = new ScalingPolicy(settings).withoutReasons();

        Span(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
             int spanMinutes, TimeSeries reactiveHistory, TimeSeries served) {
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
         * {@link #REACTIVE_HISTORY}), not the span only: a plain HPA needs no forecast, so its choice can rest on every
         * day there is. In hpa-floor mode only, where a
         * sizing without floor leaves the floor at {@code minReplicas} and the HPA scales alone; empty otherwise.
         */
        Optional<Map<Sizing.Reactive, Figures>> reactiveOverWholeHistory(List<Candidate> reactive) {
            if (spec.mode() != ScalingMode.HPA_FLOOR) {
                return Optional.empty();
            }
            List<Segment> parts = segmentsFrom(bothObserved(reactiveHistory, servedWhole), 0);
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            Simulator whole = simulatorOver(reactiveHistory, servedWhole, parts);
            Map<Sizing.Reactive, Figures> out = new HashMap<>();
            List<Sizing.Reactive> settingsToRun = new ArrayList<>(reactive.stream().map(Candidate::reactive).toList());
            settingsToRun.add(REFERENCE);
            for (Sizing.Reactive r : settingsToRun) {
                PolicyResult run = whole.run(segment -> new HpaEmulator(spec.capacityPerPod(), r.targetUtilization(),
                        HpaEmulator.TOLERANCE, r.scaleDownWindowMinutes(), spec.minReplicas(), spec.maxReplicas()));
                out.put(r, figures(run, whole, servedWhole, 1)[0]);
            }
            return Optional.of(out);
        }

        /**
         * A run's figures per block of the span, counting only minutes within reach: a minute whose demand exceeds
         * {@code maxReplicas × capacityPerPod} is short whatever the sizing does, so it neither counts against a
         * setting nor makes the SLO look unreachable for the others. Pod-minutes and changes count every minute, as
         * the simulator does.
         */
        Figures[] figures(PolicyResult r) {
            return figures(r, simulator, served, FOLDS);
        }

        /** {@link #figures(PolicyResult)} of a run of {@code sim}, over {@code blocks} equal blocks of its span. */
        Figures[] figures(PolicyResult r, Simulator sim, TimeSeries series, int blocks) {
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
                    }, history.start(), segment.firstMinute(), ownHpa(), false));
            return new Candidate(floor, reactive, figures(r), simulator.scenario().simulatedMinutes());
        }
    }
}

package dev.prescient.trainer.sizing;

import dev.prescient.trainer.backtest.HpaFrontier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How the {@link SizingLearner} chooses among the settings it simulated over the calibration span: pure functions of
 * their {@link Figures}. The cheapest setting within the SLO that changes scale no more often than the reference HPA
 * ({@link #choose}), its SLO tightened for the {@link #optimism} of choosing in sample; a floor only where it pays for
 * itself out of sample ({@link #floorPays}); the HPA alone by its curve ({@link #chooseAlongCurves}).
 */
final class SettingChoice {

    /** Blocks the calibration span is cut into to judge a floor out of sample. */
    static final int FOLDS = 3;
    /**
     * The most the span's choice is tightened for the optimism of choosing in sample ({@link #optimism}): to half the
     * SLO, so that a few unlucky left-out minutes cannot buy a large cost.
     */
    static final double MAX_OPTIMISM = 2;

    private SettingChoice() {
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
        return chooseAlongCurves(reactive, reference, slo, ChurnMargin.NONE, on);
    }

    /**
     * As {@link #chooseAlongCurves(List, Candidate, double, Function)}, among the settings that change scale no more
     * often than the reference's changes divided by the {@code churn} margin (see {@link #calm}).
     */
    static Candidate chooseAlongCurves(List<Candidate> reactive, Candidate reference, double slo, ChurnMargin churn,
                                       Function<Candidate, Figures> on) {
        List<Candidate> pool = calm(reactive, reference, on, churn, slo);
        double bound = bound(pool, slo, on);
        Map<Integer, List<Candidate>> byWindow = new TreeMap<>();
        for (Candidate c : pool) {
            byWindow.computeIfAbsent(c.reactive().scaleDownWindowMinutes(), w -> new ArrayList<>()).add(c);
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
     * only where the reactive settings form a curve (more than one setting tried); against one setting, the sum.
     */
    static boolean floorPays(List<Candidate> tried, Candidate reference, double slo) {
        List<Candidate> floors = tried.stream().filter(c -> c.floor() != null).toList();
        List<Candidate> reactive = tried.stream().filter(c -> c.floor() == null).toList();
        if (floors.isEmpty() || reactive.isEmpty()) {
            return !floors.isEmpty();
        }
        Figures heldOut = Figures.NONE;
        // block by block only against a curve of reactive settings; one setting alone gives no plain reactive
        // scaling at the floor's cost on each block to compare with
        boolean curve = reactive.size() > 1;
        for (int k = 0; k < FOLDS; k++) {
            int out = k;
            Figures f = choose(floors, reference, slo, c -> c.except(out)).blocks()[out];
            if (curve && !withinReactiveCurve(f, reactive, reference.blocks()[out], c -> c.blocks()[out])) {
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
            Figures f = choose(tried, reference, slo, c -> c.except(out)).blocks()[out];
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
     * The churn rule's counterpart of {@link #optimism}: how much more often than the reference HPA a setting chosen
     * to change scale no more often than it does change scale on days it was not chosen on. For each of the
     * {@link #FOLDS} blocks the setting {@link #choose chosen} on the other blocks is run on that block; the ratio of
     * the left-out blocks' scale changes to the reference's on the same blocks, and the same with one standard
     * deviation of that count added ({@link ChurnMargin}). The cheapest setting that just meets the rule where it was
     * chosen changes scale more often on the days that follow, as often as not; the span's choice is then held to the
     * reference's changes divided by this ratio ({@link #chooseTightened}), so that the rule holds out of sample and
     * not only by a hair. The standard deviation is that of a count of independent events, its square root: a choice
     * whose left-out changes fall short of the reference's by less than that is a tie the next days decide by chance
     * (one standard deviation, like the 1 % significance of the headroom's bins, is a statistical convention, not a
     * constant fitted to a trace).
     */
    static ChurnMargin churnOptimism(List<Candidate> tried, Candidate reference, double slo) {
        return churnOptimism(reference, out -> choose(tried, reference, slo, c -> c.except(out)));
    }

    /**
     * {@link #churnOptimism(List, Candidate, double)} of the HPA alone chosen {@link #chooseAlongCurves along its
     * curves}: the reactive settings' blocks are the history's, and the one chosen on all but one block is run on it.
     */
    static ChurnMargin churnOptimismAlongCurves(List<Candidate> reactive, Candidate reference, double slo) {
        return churnOptimism(reference, out -> chooseAlongCurves(reactive, reference, slo, c -> c.except(out)));
    }

    private static ChurnMargin churnOptimism(Candidate reference, IntFunction<Candidate> chosenWithout) {
        long changes = 0;
        long referenceChanges = 0;
        for (int k = 0; k < FOLDS; k++) {
            changes += chosenWithout.apply(k).blocks()[k].changes();
            referenceChanges += reference.blocks()[k].changes();
        }
        return ChurnMargin.of(changes, referenceChanges);
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
                c.reactive().targetUtilization(), c.reactive().scaleDownWindowMinutes(), on.apply(c).underPct(), 0,
                on.apply(c).podMinutes() / pods, on.apply(c).changes())).toList());
        return f.underPct() <= curve.at(f.podMinutes() / pods).hpaUAtSameCost() + 1e-9;
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
        return chooseTightened(tried, reference, slo, tightened, ChurnMargin.NONE, on);
    }

    /**
     * As {@link #chooseTightened(List, Candidate, double, double, Function)}, among the settings that change scale no
     * more often than the reference's changes divided by the {@code churn} margin ({@link #churnOptimism}; see
     * {@link #calm}).
     */
    static Candidate chooseTightened(List<Candidate> tried, Candidate reference, double slo, double tightened,
                                     ChurnMargin churn, Function<Candidate, Figures> on) {
        List<Candidate> pool = calm(tried, reference, on, churn, slo);
        return cheapestWithin(pool, on, Math.min(bound(pool, tightened, on), bound(pool, slo, on)));
    }

    /** The settings that change scale no more often than the reference, or all of them when none does. */
    private static List<Candidate> calm(List<Candidate> tried, Candidate reference, Function<Candidate, Figures> on) {
        return calm(tried, reference, on, ChurnMargin.NONE, Double.POSITIVE_INFINITY);
    }

    /**
     * The settings that change scale no more often than the reference's changes divided by the strongest of the
     * {@code churn} margin's {@link ChurnMargin#factors factors} (with the count's noise, the observed one, none)
     * under which some setting is short in at most {@code slo} % of the minutes: a margin is given up for a weaker one
     * only when it would leave no setting within the SLO, so that it never turns a choice that meets the SLO into one
     * that misses it. Where even the rule itself leaves none within the SLO, the settings whose changes exceed the
     * reference's by no more than one standard deviation of its count (its square root: a tie the next days decide by
     * chance, as {@link ChurnMargin} counts it) where one of those is within the SLO — a few more changes in a day do
     * not justify missing the SLO by many minutes. Else the settings within the rule itself, the least short of which
     * is then chosen ({@link #bound}); where none is, all of them.
     */
    private static List<Candidate> calm(List<Candidate> tried, Candidate reference, Function<Candidate, Figures> on,
                                        ChurnMargin churn, double slo) {
        int referenceChanges = on.apply(reference).changes();
        List<Candidate> rule = List.of();
        for (double factor : churn.factors()) {
            List<Candidate> calm = atMost(tried, on, referenceChanges / factor);
            if (calm.stream().anyMatch(c -> on.apply(c).underPct() <= slo)) {
                return calm;
            }
            rule = calm;
        }
        List<Candidate> tie = atMost(tried, on, referenceChanges + Math.sqrt(referenceChanges));
        if (tie.stream().anyMatch(c -> on.apply(c).underPct() <= slo)) {
            return tie;
        }
        return rule.isEmpty() ? tried : rule;
    }

    /** The settings of {@code tried} that change scale at most {@code changes} times. */
    private static List<Candidate> atMost(List<Candidate> tried, Function<Candidate, Figures> on, double changes) {
        return tried.stream().filter(c -> on.apply(c).changes() <= changes + 1e-9).toList();
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
}

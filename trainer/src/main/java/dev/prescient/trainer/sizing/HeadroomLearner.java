package dev.prescient.trainer.sizing;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A split-conformal headroom at level {@code 1 - alpha} from the calibration errors, conditioned on phases only where
 * the data show that they differ. For each cycle (the hour in bins of {@code max(5, interval)} minutes, the day in
 * hours) each bin is tested: how many of its errors exceed the pooled quantile follows, when the bin is like the
 * rest, the law of as many visits drawn from the whole span (binomial with the chance that any error does — {@code
 * alpha}, or less where errors tie, as counts do — where a visit is one decision); a bin whose count
 * is improbable either way (two-sided, Bonferroni over the bins, family level {@link #SIGNIFICANCE}) gets its own
 * conformal quantile. The errors of one visit of a bin (its consecutive decisions) are counted together, not as
 * independent ones ({@link VisitSums}). The cycle with more such bins wins; with none, the headroom is the pooled quantile. So a burst
 * that recurs at some minutes of the hour is covered there and only there, and nothing about the hour or the day is
 * assumed.
 */
public final class HeadroomLearner {

    /** Family-wise level of the per-bin tests. */
    public static final double SIGNIFICANCE = 0.01;

    private HeadroomLearner() {
    }

    /**
     * @param points the calibration decisions (at least one)
     * @param alpha share of windows the headroom may miss, in (0, 1)
     * @param intervalMinutes the decision interval: the hour's bins are at least this wide
     */
    public static Headroom learn(List<CalibrationPoint> points, double alpha, int intervalMinutes) {
        return learnBoth(points, alpha, intervalMinutes).get(0);
    }

    /**
     * The headroom of {@link #learn}, then — when it differs — the headroom over the day's bins of the hour's width
     * (every bin of every hour on its own: a burst that recurs at some minutes of some hours only). Which of the two
     * sizes a workload more cheaply within its SLO is for the simulation to tell ({@link SizingLearner}); each bin is
     * tested exactly as in {@link #learn}, Bonferroni over the day's bins.
     */
    public static List<Headroom> learnBoth(List<CalibrationPoint> points, double alpha, int intervalMinutes) {
        return learnBoth(points, alpha, intervalMinutes, Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION);
    }

    /** {@link #learnBoth(List, double, int)} in units of spreads of at least {@code minSpreadFraction} of p50. */
    public static List<Headroom> learnBoth(List<CalibrationPoint> points, double alpha, int intervalMinutes,
                                           double minSpreadFraction) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("cannot learn a headroom from no calibration point");
        }
        double[] scores = points.stream().mapToDouble(p -> p.score(minSpreadFraction)).toArray();
        double pooled = quantile(scores, alpha);
        Headroom best = Headroom.uniform(pooled);
        int hourBin = 60 % Math.max(5, intervalMinutes) == 0 ? Math.max(5, intervalMinutes) : 5;
        for (int[] cycle : new int[][] {{60, hourBin}, {1440, 60}}) {
            Headroom h = phased(points, scores, pooled, alpha, cycle[0], cycle[1]);
            if (h.byPhase().size() > best.byPhase().size()) {
                best = h;
            }
        }
        Headroom fine = phased(points, scores, pooled, alpha, 1440, hourBin);
        return fine.phased() && !fine.equals(best) ? List.of(best, fine) : List.of(best);
    }

    private static Headroom phased(List<CalibrationPoint> points, double[] scores, double pooled, double alpha,
                                   int period, int binMinutes) {
        int bins = period / binMinutes;
        Map<Integer, List<Double>> byBin = new HashMap<>();
        Map<Integer, List<Integer>> visitsByBin = new HashMap<>();
        Map<Integer, Integer> lastMinute = new HashMap<>();
        List<Integer> allVisits = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            CalibrationPoint p = points.get(i);
            int bin = Math.floorMod(p.minuteOfDay(), period) / binMinutes;
            byBin.computeIfAbsent(bin, b -> new ArrayList<>()).add(scores[i]);
            List<Integer> visits = visitsByBin.computeIfAbsent(bin, b -> new ArrayList<>());
            Integer last = lastMinute.put(bin, p.minute());
            if (last == null || p.minute() - last >= binMinutes) {
                visits.add(0);
            }
            if (scores[i] > pooled) {
                visits.set(visits.size() - 1, visits.get(visits.size() - 1) + 1);
            }
        }
        visitsByBin.values().forEach(allVisits::addAll);
        VisitSums sums = new VisitSums(allVisits);
        double level = SIGNIFICANCE / (2.0 * bins);
        Map<Integer, Double> own = new HashMap<>();
        List<Double> rest = new ArrayList<>();
        for (Map.Entry<Integer, List<Double>> e : byBin.entrySet()) {
            List<Double> s = e.getValue();
            List<Integer> visits = visitsByBin.get(e.getKey());
            int over = visits.stream().mapToInt(Integer::intValue).sum();
            boolean high = over > 0 && sums.atLeast(visits.size(), over) < level;
            boolean low = sums.atMost(visits.size(), over) < level;
            if (high || low) {
                own.put(e.getKey(), quantile(s.stream().mapToDouble(Double::doubleValue).toArray(), alpha));
            } else {
                rest.addAll(s);
            }
        }
        if (own.isEmpty()) {
            return Headroom.uniform(pooled);
        }
        double others = rest.isEmpty() ? pooled : quantile(rest.stream().mapToDouble(Double::doubleValue).toArray(),
                alpha);
        return new Headroom(others, period, binMinutes, own);
    }

    /**
     * The chance law of a bin's count of errors above the pooled quantile when the bin is like the rest. Its errors
     * come in visits — the decisions of one occurrence of the bin, consecutive — and the errors of one visit are not
     * independent: decisions a few minutes apart share a forecast step (twelve 5-minute decisions of an hourly series
     * share one) and a burst spans several. So the unit is the visit: a bin of {@code v} visits counts as the sum of
     * {@code v} independent draws from the counts of all visits of the span, whose law (the v-fold convolution of
     * their empirical law) keeps the spread that correlated errors within a visit add. Where each visit is one
     * decision this is the binomial law with the chance that any error exceeds the pooled quantile, as for
     * independent errors.
     */
    static final class VisitSums {

        private final double[] law;
        private final Map<Integer, double[]> byVisits = new HashMap<>();

        VisitSums(List<Integer> visitCounts) {
            int max = visitCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
            law = new double[max + 1];
            visitCounts.forEach(c -> law[c] += 1.0 / visitCounts.size());
        }

        /** P(the sum of {@code visits} draws is at least {@code count}), summed over the tail. */
        double atLeast(int visits, int count) {
            double[] p = sumOf(visits);
            double tail = 0;
            for (int k = Math.max(0, count); k < p.length; k++) {
                tail += p[k];
            }
            return tail;
        }

        /** P(the sum of {@code visits} draws is at most {@code count}). */
        double atMost(int visits, int count) {
            double[] p = sumOf(visits);
            double tail = 0;
            for (int k = 0; k <= Math.min(count, p.length - 1); k++) {
                tail += p[k];
            }
            return tail;
        }

        private double[] sumOf(int visits) {
            return byVisits.computeIfAbsent(visits, v -> {
                double[] p = {1};
                for (int i = 0; i < v; i++) {
                    double[] next = new double[p.length + law.length - 1];
                    for (int a = 0; a < p.length; a++) {
                        if (p[a] != 0) {
                            for (int b = 0; b < law.length; b++) {
                                next[a + b] += p[a] * law[b];
                            }
                        }
                    }
                    p = next;
                }
                return p;
            });
        }
    }

    /**
     * The split-conformal quantile: the {@code ceil((n + 1)(1 - alpha))}-th smallest score, the largest when that
     * exceeds n.
     */
    static double quantile(double[] scores, double alpha) {
        double[] s = scores.clone();
        Arrays.sort(s);
        int k = (int) Math.ceil((s.length + 1) * (1 - alpha));
        return s[Math.max(0, Math.min(s.length, k) - 1)];
    }
}

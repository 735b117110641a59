package dev.prescient.trainer.sizing;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * A split-conformal headroom at level {@code 1 - alpha} from the calibration errors, conditioned on phases only where
 * the data show that they differ. For each cycle (the hour in bins of {@code max(5, interval)} minutes, the day in
 * hours) each bin is tested: how many of its errors exceed the pooled quantile is binomial, when the bin is like the
 * rest, with the chance that any error does ({@code alpha}, or less where errors tie, as counts do); a bin whose count
 * is improbable either way (two-sided, Bonferroni over the bins, family level {@link #SIGNIFICANCE}) gets its own
 * conformal quantile. The cycle with more such bins wins; with none, the headroom is the pooled quantile. So a burst
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
        // the share of errors above the pooled quantile: alpha for continuous errors, less where errors tie (counts)
        double above = Arrays.stream(scores).filter(v -> v > pooled).count() / (double) scores.length;
        Headroom best = Headroom.uniform(pooled);
        int hourBin = 60 % Math.max(5, intervalMinutes) == 0 ? Math.max(5, intervalMinutes) : 5;
        for (int[] cycle : new int[][] {{60, hourBin}, {1440, 60}}) {
            Headroom h = phased(points, scores, pooled, above, alpha, cycle[0], cycle[1]);
            if (h.byPhase().size() > best.byPhase().size()) {
                best = h;
            }
        }
        Headroom fine = phased(points, scores, pooled, above, alpha, 1440, hourBin);
        return fine.phased() && !fine.equals(best) ? List.of(best, fine) : List.of(best);
    }

    private static Headroom phased(List<CalibrationPoint> points, double[] scores, double pooled, double above,
                                   double alpha, int period, int binMinutes) {
        int bins = period / binMinutes;
        Map<Integer, List<Double>> byBin = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            int bin = Math.floorMod(points.get(i).minuteOfDay(), period) / binMinutes;
            byBin.computeIfAbsent(bin, b -> new ArrayList<>()).add(scores[i]);
        }
        double level = SIGNIFICANCE / (2.0 * bins);
        Map<Integer, Double> own = new HashMap<>();
        List<Double> rest = new ArrayList<>();
        for (Map.Entry<Integer, List<Double>> e : byBin.entrySet()) {
            List<Double> s = e.getValue();
            int over = (int) s.stream().filter(v -> v > pooled).count();
            BinomialDistribution b = new BinomialDistribution(null, s.size(), above);
            boolean high = over > 0 && 1 - b.cumulativeProbability(over - 1) < level;
            boolean low = b.cumulativeProbability(over) < level;
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

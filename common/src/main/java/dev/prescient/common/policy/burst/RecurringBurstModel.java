package dev.prescient.common.policy.burst;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Learns recurring bursts from a demand history and says, near each minute of the hour where they recur, how
 * likely one is to start and how high it goes.
 *
 * <p>Fitting: a step bursts when its demand exceeds {@code confirmRatio} × the level (median of the
 * {@value #LEVEL_STEPS} steps before it); the minutes of the hour where bursts start at least
 * {@value #MIN_ONSETS} times become anchors, each owning onsets from {@value #EARLY} step before to
 * {@value #LATE} steps after it. Every hour of the history gives one occurrence per anchor, a burst or not. A
 * logistic regression learns the chance of a burst from what is known shortly before the anchor: whether the same
 * anchor burst 1, 2 and 3 days and 1 and 2 hours earlier, how long ago the last burst started (buckets up to
 * 150 minutes) and which anchor it is. Each anchor keeps how its onsets spread over its offsets and the
 * {@code heightQuantile} of its bursts' peak-over-level ratios.
 *
 * <p>Pure: no I/O, deterministic; a fitted model is immutable and safe to share.
 */
public final class RecurringBurstModel {

    static final int LEVEL_STEPS = 15;
    static final int MIN_LEVEL_STEPS = 8;
    static final int EARLY = 1;
    static final int LATE = 6;
    static final int PEAK_STEPS = 6;
    static final int TRAIN_LEAD_STEPS = 5;
    static final int MIN_ONSETS = 3;
    static final int MAX_ANCHORS = 6;
    static final int GAP_LOOKBACK_HOURS = 5;
    private static final long HOUR = 3600;
    private static final int[] GAP_EDGES_MINUTES = {60, 90, 120, 150};

    private final BurstSettings settings;
    private final Duration step;
    private final int[] anchors;
    private final double[][] shares;
    private final double[] heights;
    private final double[] weights;

    private RecurringBurstModel(BurstSettings settings, Duration step, int[] anchors, double[][] shares,
                                double[] heights, double[] weights) {
        this.settings = settings;
        this.step = step;
        this.anchors = anchors;
        this.shares = shares;
        this.heights = heights;
        this.weights = weights;
    }

    /**
     * @return the model, or empty when the history shows no recurring burst to learn (or its step does not divide
     *     an hour or exceeds 5 minutes)
     */
    public static Optional<RecurringBurstModel> fit(TimeSeries history, BurstSettings settings) {
        Duration step = history.step();
        long stepSeconds = step.toSeconds();
        if (stepSeconds <= 0 || HOUR % stepSeconds != 0 || step.compareTo(Duration.ofMinutes(5)) > 0
                || history.start().getEpochSecond() % stepSeconds != 0) {
            return Optional.empty();
        }
        int perHour = (int) (HOUR / stepSeconds);
        int[] anchors = anchors(history, settings, perHour);
        if (anchors.length == 0) {
            return Optional.empty();
        }
        Occurrences view = new Occurrences(history, settings, history.start());
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double[][] offsetCounts = new double[anchors.length][EARLY + LATE + 1];
        List<List<Double>> ratios = new ArrayList<>();
        for (int j = 0; j < anchors.length; j++) {
            ratios.add(new ArrayList<>());
        }
        long firstHour = Math.floorDiv(history.start().getEpochSecond(), HOUR);
        long lastHour = Math.floorDiv(history.end().getEpochSecond(), HOUR);
        for (long h = firstHour; h <= lastHour; h++) {
            for (int j = 0; j < anchors.length; j++) {
                Instant a = anchorTime(h, anchors[j], step);
                Occurrences.Occurrence o = view.occurrence(a, history.end());
                if (o == null) {
                    continue;
                }
                Instant known = a.minus(step.multipliedBy(TRAIN_LEAD_STEPS));
                x.add(features(view, h, j, anchors, known, step));
                y.add(o.burst() ? 1.0 : 0.0);
                if (o.burst()) {
                    offsetCounts[j][o.offset() + EARLY]++;
                    ratios.get(j).add(o.peakRatio());
                }
            }
        }
        boolean anyBurst = y.contains(1.0);
        boolean anyCalm = y.contains(0.0);
        if (!anyBurst || !anyCalm) {
            return Optional.empty();
        }
        double[] weights = Logistic.fit(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
        double[][] shares = new double[anchors.length][];
        double[] heights = new double[anchors.length];
        for (int j = 0; j < anchors.length; j++) {
            double n = Arrays.stream(offsetCounts[j]).sum();
            shares[j] = new double[offsetCounts[j].length];
            for (int k = 0; k < shares[j].length && n > 0; k++) {
                shares[j][k] = offsetCounts[j][k] / n;
            }
            heights[j] = quantile(ratios.get(j), settings.heightQuantile());
        }
        return Optional.of(new RecurringBurstModel(settings, step, anchors, shares, heights, weights));
    }

    /** The minutes of the hour (as steps) where bursts recur, most frequent first. */
    public List<Duration> anchorOffsets() {
        List<Duration> out = new ArrayList<>();
        for (int a : anchors) {
            out.add(step.multipliedBy(a));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RecurringBurstModel[");
        for (int j = 0; j < anchors.length; j++) {
            sb.append(j == 0 ? "" : ", ").append("minute ").append(step.multipliedBy(anchors[j]).toMinutes())
                    .append(String.format(java.util.Locale.ROOT, " height ×%.2f shares %s", heights[j],
                            Arrays.toString(Arrays.stream(shares[j]).map(v -> Math.round(v * 100) / 100.0).toArray())));
        }
        return sb.append(", weights ").append(Arrays.toString(Arrays.stream(weights)
                .map(v -> Math.round(v * 100) / 100.0).toArray())).append(']').toString();
    }

    /**
     * The possible onsets whose cover matters at {@code now}: those from which pods asked for now or before would
     * serve, i.e. {@code now ∈ [onset - startupDelay, onset + hold)}.
     *
     * @param recent demand up to now at this model's step, the last {@code history} of it at least (older values
     *     are not used)
     */
    public List<BurstCover> covers(TimeSeries recent, Instant now, Duration startupDelay) {
        if (!recent.step().equals(step)) {
            throw new IllegalArgumentException("recurring bursts were learnt at a step of " + step
                    + " but the recent demand comes at " + recent.step());
        }
        Instant bound = now.minus(settings.history());
        Occurrences view = new Occurrences(recent, settings, bound.isAfter(recent.start()) ? bound : recent.start());
        List<BurstCover> out = new ArrayList<>();
        long hourNow = Math.floorDiv(now.getEpochSecond(), HOUR);
        for (long h = hourNow - 1; h <= hourNow + 1; h++) {
            for (int j = 0; j < anchors.length; j++) {
                Instant a = anchorTime(h, anchors[j], step);
                Instant known = a.minus(step.multipliedBy(EARLY + 1)).minus(startupDelay);
                List<Integer> relevant = new ArrayList<>();
                for (int k = -EARLY; k <= LATE; k++) {
                    Instant onset = a.plus(step.multipliedBy(k));
                    if (shares[j][k + EARLY] > 0 && !now.isBefore(onset.minus(startupDelay))
                            && now.isBefore(onset.plus(settings.hold()))) {
                        relevant.add(k);
                    }
                }
                if (relevant.isEmpty() || known.isAfter(now)) {
                    continue;
                }
                double level = view.level(known);
                if (!(level > 0) || Double.isNaN(heights[j])) {
                    continue;
                }
                double p = Logistic.probability(weights, features(view, h, j, anchors, known, step));
                for (int k : relevant) {
                    Instant onset = a.plus(step.multipliedBy(k));
                    double chance = p * shares[j][k + EARLY] / (1 - refutedBefore(recent, a, j, k, p, now, level));
                    out.add(new BurstCover(onset, Math.min(1, chance), level * Math.max(1, heights[j]), level,
                            refuted(recent, onset, now, level)));
                }
            }
        }
        return out;
    }

    /**
     * The chance, already ruled out by the demand seen so far, that the burst anchored at {@code a} started at an
     * offset before {@code k}: a burst that did not come at its usual minute may still come a little later.
     */
    private double refutedBefore(TimeSeries recent, Instant a, int j, int k, double p, Instant now, double level) {
        double mass = 0;
        for (int e = -EARLY; e < k; e++) {
            if (shares[j][e + EARLY] > 0 && refuted(recent, a.plus(step.multipliedBy(e)), now, level)) {
                mass += p * shares[j][e + EARLY];
            }
        }
        return Math.min(mass, 0.999);
    }

    /** The onset has passed and every known step since shows demand at most {@code confirmRatio} × the level. */
    private boolean refuted(TimeSeries recent, Instant onset, Instant now, double level) {
        if (!now.isAfter(onset)) {
            return false;
        }
        TimeSeries since = recent.between(onset, now);
        boolean anyKnown = false;
        for (int i = 0; i < since.size(); i++) {
            double v = since.valueAt(i);
            if (Double.isNaN(v)) {
                continue;
            }
            anyKnown = true;
            if (v > settings.confirmRatio() * level) {
                return false;
            }
        }
        return anyKnown;
    }

    private static double[] features(Occurrences view, long h, int j, int[] anchors, Instant known, Duration step) {
        int m = anchors.length;
        double[] x = new double[6 + GAP_EDGES_MINUTES.length + (m - 1) + 1 + (m - 1)];
        x[0] = 1;
        x[1] = view.burstAt(anchorTime(h - 24, anchors[j], step), known);
        x[2] = view.burstAt(anchorTime(h - 48, anchors[j], step), known);
        x[3] = view.burstAt(anchorTime(h - 72, anchors[j], step), known);
        x[4] = view.burstAt(anchorTime(h - 1, anchors[j], step), known);
        x[5] = view.burstAt(anchorTime(h - 2, anchors[j], step), known);
        Instant a = anchorTime(h, anchors[j], step);
        Instant last = null;
        for (long g = h; g >= h - GAP_LOOKBACK_HOURS; g--) {
            for (int anchor : anchors) {
                Occurrences.Occurrence o = view.occurrence(anchorTime(g, anchor, step), known);
                if (o != null && o.burst() && o.onset().isBefore(a) && (last == null || o.onset().isAfter(last))) {
                    last = o.onset();
                }
            }
        }
        if (last != null) {
            long gap = Duration.between(last, a).toMinutes();
            int lower = 0;
            for (int e = 0; e < GAP_EDGES_MINUTES.length; e++) {
                x[6 + e] = gap > lower && gap <= GAP_EDGES_MINUTES[e] ? 1 : 0;
                lower = GAP_EDGES_MINUTES[e];
            }
        }
        int anchorAt = 6 + GAP_EDGES_MINUTES.length;
        double odd = Math.floorMod(h, 2);
        x[anchorAt + m - 1] = odd;
        if (j > 0) {
            x[anchorAt + j - 1] = 1;
            x[anchorAt + m - 1 + j] = odd;
        }
        return x;
    }

    private static int[] anchors(TimeSeries history, BurstSettings settings, int perHour) {
        int[] counts = new int[perHour];
        long stepSeconds = history.step().toSeconds();
        for (int i = LEVEL_STEPS; i < history.size(); i++) {
            double level = Occurrences.median(history, i - LEVEL_STEPS, i);
            double v = history.valueAt(i);
            double before = history.valueAt(i - 1);
            if (level > 0 && v > settings.confirmRatio() * level && !(before > settings.confirmRatio() * level)) {
                counts[(int) Math.floorMod(history.timeAt(i).getEpochSecond() / stepSeconds, perHour)]++;
            }
        }
        Integer[] order = new Integer[perHour];
        for (int i = 0; i < perHour; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer p) -> -counts[p]).thenComparingInt(p -> p));
        List<Integer> chosen = new ArrayList<>();
        for (int p : order) {
            if (counts[p] < MIN_ONSETS || chosen.size() == MAX_ANCHORS) {
                break;
            }
            boolean near = chosen.stream().anyMatch(c -> {
                int d = Math.floorMod(p - c, perHour);
                return Math.min(d, perHour - d) <= LATE;
            });
            if (!near) {
                chosen.add(p);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Instant anchorTime(long hour, int anchor, Duration step) {
        return Instant.ofEpochSecond(hour * HOUR).plus(step.multipliedBy(anchor));
    }

    private static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}

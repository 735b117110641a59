package dev.prescient.predictor.serving;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which source ({@code model}, {@code fallback:seasonal-naive}) made the forecasts one workload served, so
 * that the accuracy can say where its points came from. It mirrors {@code ForecastScorer}'s rule: a step is
 * judged by the newest recorded forecast covering it, and it counts the same points (a prediction, a known
 * actual and a known actual one day earlier). One ring of {@code 1 day + horizon} forecast origins, 11 bytes
 * each. Not thread-safe: its owner synchronises.
 */
final class SourceLog {

    private static final long EMPTY = Long.MIN_VALUE;

    private final long stepMillis;
    private final int season;
    private final int horizonSteps;
    private final long[] originAt;
    private final short[] spanAt;
    private final byte[] sourceAt;
    private final List<String> sources = new ArrayList<>();

    SourceLog(Duration step, int horizonSteps) {
        this.stepMillis = step.toMillis();
        this.season = (int) (AccuracySnapshot.DAY.toMillis() / stepMillis);
        this.horizonSteps = horizonSteps;
        int capacity = season + horizonSteps;
        this.originAt = new long[capacity];
        this.spanAt = new short[capacity];
        this.sourceAt = new byte[capacity];
        Arrays.fill(originAt, EMPTY);
    }

    /** Notes that a forecast starting at {@code start} with {@code points} steps came from {@code source}. */
    void record(Instant start, int points, String source) {
        long origin = Math.floorDiv(start.toEpochMilli(), stepMillis);
        int k = index(origin);
        if (originAt[k] > origin) {
            return; // a newer origin already holds the slot
        }
        int id = sources.indexOf(source);
        if (id < 0) {
            if (sources.size() == Byte.MAX_VALUE) {
                return; // more sources than the predictor has; never happens
            }
            sources.add(source);
            id = sources.size() - 1;
        }
        originAt[k] = origin;
        spanAt[k] = (short) Math.min(points, horizonSteps);
        sourceAt[k] = (byte) id;
    }

    /** Points of the window {@code [at − length, at)} per source of the forecast that judged them. */
    Map<String, Integer> count(TimeSeries actuals, Instant at, Duration length) {
        long end = ceilSlot(at);
        long from = ceilSlot(at.minus(length));
        int[] counts = new int[sources.size()];
        for (long s = from; s < end; s++) {
            int source = judgedBy(s);
            if (source >= 0 && known(actuals, s) && known(actuals, s - season)) {
                counts[source]++;
            }
        }
        Map<String, Integer> bySource = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                bySource.put(sources.get(i), counts[i]);
            }
        }
        return bySource;
    }

    /** The source of the newest recorded forecast whose points cover step {@code s}, or −1. */
    private int judgedBy(long s) {
        for (int lead = 0; lead < horizonSteps; lead++) {
            int k = index(s - lead);
            if (originAt[k] == s - lead && spanAt[k] > lead) {
                return sourceAt[k];
            }
        }
        return -1;
    }

    private boolean known(TimeSeries actuals, long s) {
        long i = actuals.indexOf(Instant.ofEpochMilli(s * stepMillis));
        return i >= 0 && i < actuals.size() && !Double.isNaN(actuals.valueAt((int) i));
    }

    private long ceilSlot(Instant t) {
        return -Math.floorDiv(-t.toEpochMilli(), stepMillis);
    }

    private int index(long s) {
        return (int) Math.floorMod(s, (long) originAt.length);
    }
}

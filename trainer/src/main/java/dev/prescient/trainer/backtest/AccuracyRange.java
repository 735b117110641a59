package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the prescient policy's live accuracy went over a run, among the snapshots the demotion judged: how close
 * it came to the limits (or how far past them), and when.
 *
 * @param window the judged window (24h or 1h)
 * @param maxMase the highest MASE judged (NaN when every judged MASE was NaN)
 * @param maxMaseAt when it was judged (null when none was)
 * @param minP90Coverage the lowest p90 coverage judged
 * @param minP90CoverageAt when it was judged (null when none was)
 * @param judgements number of judged snapshots
 */
public record AccuracyRange(Duration window, double maxMase, Instant maxMaseAt, double minP90Coverage,
                            Instant minP90CoverageAt, int judgements) {

    /** Nothing judged yet. */
    public static AccuracyRange none(Duration window) {
        return new AccuracyRange(window, Double.NaN, null, Double.NaN, null, 0);
    }

    /** This range widened by one judged snapshot. */
    public AccuracyRange with(AccuracySnapshot snapshot) {
        AccuracySnapshot.Window w = snapshot.window(window);
        boolean higher = !Double.isNaN(w.mase()) && (Double.isNaN(maxMase) || w.mase() > maxMase);
        boolean lower = !Double.isNaN(w.p90Coverage())
                && (Double.isNaN(minP90Coverage) || w.p90Coverage() < minP90Coverage);
        return new AccuracyRange(window, higher ? w.mase() : maxMase, higher ? snapshot.at() : maxMaseAt,
                lower ? w.p90Coverage() : minP90Coverage, lower ? snapshot.at() : minP90CoverageAt, judgements + 1);
    }

    /** The wider of this range and {@code other} (another segment of the same run). */
    public AccuracyRange merge(AccuracyRange other) {
        boolean higher = !Double.isNaN(other.maxMase) && (Double.isNaN(maxMase) || other.maxMase > maxMase);
        boolean lower = !Double.isNaN(other.minP90Coverage)
                && (Double.isNaN(minP90Coverage) || other.minP90Coverage < minP90Coverage);
        return new AccuracyRange(window, higher ? other.maxMase : maxMase, higher ? other.maxMaseAt : maxMaseAt,
                lower ? other.minP90Coverage : minP90Coverage, lower ? other.minP90CoverageAt : minP90CoverageAt,
                judgements + other.judgements);
    }
}

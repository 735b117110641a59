package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;

import java.time.Duration;

/**
 * How far the prescient policy's live accuracy went over a run, among the snapshots the demotion judged: how close
 * it came to the limits (or how far past them).
 *
 * @param window the judged window (24h or 1h)
 * @param maxMase the highest MASE judged (NaN when every judged MASE was NaN)
 * @param minP90Coverage the lowest p90 coverage judged
 * @param judgements number of judged snapshots
 */
public record AccuracyRange(Duration window, double maxMase, double minP90Coverage, int judgements) {

    /** Nothing judged yet. */
    public static AccuracyRange none(Duration window) {
        return new AccuracyRange(window, Double.NaN, Double.NaN, 0);
    }

    /** This range widened by one judged snapshot. */
    public AccuracyRange with(AccuracySnapshot snapshot) {
        AccuracySnapshot.Window w = snapshot.window(window);
        return new AccuracyRange(window, Double.isNaN(maxMase) ? w.mase() : Double.isNaN(w.mase()) ? maxMase
                : Math.max(maxMase, w.mase()), Double.isNaN(minP90Coverage) ? w.p90Coverage()
                : Math.min(minP90Coverage, w.p90Coverage()), judgements + 1);
    }
}

package dev.prescient.trainer.backtest;

import dev.prescient.common.series.TimeSeries;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * A busy trace turned into a small service's: each minute's count is replaced by a Poisson draw whose mean is the
 * value scaled so that the whole trace averages {@code mean} (e.g. 40 requests a minute, a modest web service), with a
 * fixed seed. The shape (daily cycle, bursts) stays; the counting noise of low volume comes on top. Gaps stay gaps.
 */
public final class PoissonThinning {

    private PoissonThinning() {
    }

    /**
     * @throws IllegalArgumentException when {@code mean} is not positive or the trace has no positive mean
     */
    public static TimeSeries thin(TimeSeries series, double mean, long seed) {
        if (!(mean > 0)) {
            throw new IllegalArgumentException("thinning mean must be > 0 requests per minute, got " + mean);
        }
        double[] v = series.values();
        double sum = 0;
        int known = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                known++;
            }
        }
        if (known == 0 || sum <= 0) {
            throw new IllegalArgumentException("cannot thin " + series + ": it has no positive demand");
        }
        double scale = mean / (sum / known);
        Well19937c random = new Well19937c(seed);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double lambda = v[i] * scale;
            out[i] = Double.isNaN(v[i]) ? Double.NaN : lambda <= 0 ? 0
                    : new PoissonDistribution(random, lambda, PoissonDistribution.DEFAULT_EPSILON,
                            PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
        }
        return new TimeSeries(series.start(), series.step(), out);
    }
}

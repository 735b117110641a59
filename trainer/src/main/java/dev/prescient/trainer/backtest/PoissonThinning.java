package dev.prescient.trainer.backtest;

import dev.prescient.common.series.TimeSeries;

import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * A busy trace turned into a small service's: each count is replaced by a Poisson draw whose mean is the value
 * scaled so that the whole trace averages {@code mean} (e.g. 40 requests a minute, a modest web service), with a
 * fixed seed. The shape (daily cycle, bursts) stays; the counting noise of low volume comes on top. Gaps stay gaps.
 *
 * <p>A coarse trace (a count every 5 minutes, say) is read onto the one-minute grid by linear interpolation between
 * its points. It can be thinned every minute (a small per-minute service shaped like the trace), or where its counts
 * were made, at its points, with the minutes between interpolated again between the draws: the trace as it would have
 * been recorded had it counted few events per step (a ticker of few mentions), whose noise is per step, not per
 * minute.
 *
 * <p>A web server's log is burstier than that: one visit is a page and its assets, a crawler a run of pages, all in the
 * same minute. With a visit size K above 1, visits arrive as a Poisson draw of mean {@code lambda / K} and each brings
 * a geometric number of requests (at least one, K on average): the mean stays, the variance of a minute's count grows
 * to (2K − 1) × its mean.
 */
public final class PoissonThinning {

    private PoissonThinning() {
    }

    /** A one-minute trace thinned minute by minute. */
    public static TimeSeries thin(TimeSeries series, double mean, long seed) {
        return thin(series, mean, seed, 1);
    }

    /**
     * @param pointEvery minutes between the trace's own points on the one-minute grid, from its first minute (1 for
     *     a one-minute trace, 5 for a 5-minute one)
     * @throws IllegalArgumentException when {@code mean} is not positive, {@code pointEvery} is below 1 or the trace
     *     has no positive mean
     */
    public static TimeSeries thin(TimeSeries series, double mean, long seed, int pointEvery) {
        return thin(series, mean, seed, pointEvery, 1);
    }

    /**
     * @param visitSize mean requests per visit, K >= 1 (1: every request on its own, a plain Poisson draw)
     * @throws IllegalArgumentException also when {@code visitSize} is below 1 or not finite
     */
    public static TimeSeries thin(TimeSeries series, double mean, long seed, int pointEvery, double visitSize) {
        if (!(visitSize >= 1) || Double.isInfinite(visitSize)) {
            throw new IllegalArgumentException("thinning visit size must be a finite number >= 1 requests a visit, got "
                    + visitSize);
        }
        if (!(mean > 0)) {
            throw new IllegalArgumentException("thinning mean must be > 0 requests per minute, got " + mean);
        }
        if (pointEvery < 1) {
            throw new IllegalArgumentException("thinning needs the trace's step in whole minutes >= 1, got "
                    + pointEvery);
        }
        double[] v = series.values();
        double sum = 0;
        int known = 0;
        for (int i = 0; i < v.length; i += pointEvery) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                known++;
            }
        }
        if (known == 0 || sum <= 0) {
            throw new IllegalArgumentException("cannot thin " + series + ": it has no positive demand");
        }
        double scale = mean / (sum / known);
        Well19937c random = new Well19937c(seed);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i += pointEvery) {
            out[i] = draw(v[i] * scale, visitSize, random);
        }
        for (int i = 0; i < v.length; i++) {
            int offset = i % pointEvery;
            if (offset == 0) {
                continue;
            }
            int a = i - offset;
            int b = a + pointEvery;
            if (Double.isNaN(v[i])) {
                out[i] = Double.NaN;
            } else if (b < v.length && !Double.isNaN(out[a]) && !Double.isNaN(out[b])) {
                out[i] = out[a] + (out[b] - out[a]) * offset / pointEvery;
            } else {
                // a minute the trace knows next to a gap or past its last point: thinned on its own
                out[i] = draw(v[i] * scale, visitSize, random);
            }
        }
        return new TimeSeries(series.start(), series.step(), out);
    }

    private static double draw(double lambda, double visitSize, Well19937c random) {
        if (Double.isNaN(lambda)) {
            return Double.NaN;
        }
        if (lambda <= 0) {
            return 0;
        }
        if (visitSize == 1) {
            return poisson(lambda, random);
        }
        int visits = poisson(lambda / visitSize, random);
        // each visit: one request and a geometric number more (failures before a success of p = 1 / K); their sum
        // over the visits is a Pascal draw
        return visits == 0 ? 0 : visits + new PascalDistribution(random, visits, 1 / visitSize).sample();
    }

    private static int poisson(double lambda, Well19937c random) {
        return new PoissonDistribution(random, lambda, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }
}

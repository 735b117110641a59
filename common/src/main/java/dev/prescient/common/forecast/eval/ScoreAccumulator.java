package dev.prescient.common.forecast.eval;

/**
 * Sums forecast errors over many origins. MAE, sMAPE and coverage are pooled over every scored
 * step; MASE is each origin's MAE divided by that origin's scale, averaged over the origins with
 * a positive scale and at least one actual.
 */
final class ScoreAccumulator {

    private long points;
    private double absErrorSum;
    private double smapeSum;
    private long covered;
    private double maseSum;
    private int maseOrigins;

    /**
     * @param actual actuals over the horizon, NaN for gaps (skipped)
     * @param p50 median forecast
     * @param p90 upper forecast
     * @param scale the origin's MASE scale (seasonal naive in-sample MAE); NaN or 0 leaves the
     *              origin out of MASE
     */
    void add(double[] actual, double[] p50, double[] p90, double scale) {
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) {
                continue;
            }
            points++;
            absErrorSum += Math.abs(actual[i] - p50[i]);
            smapeSum += Metrics.smapeTerm(actual[i], p50[i]);
            covered += actual[i] <= p90[i] ? 1 : 0;
        }
        double originMae = Metrics.mae(actual, p50);
        if (!Double.isNaN(originMae) && scale > 0) {
            maseSum += originMae / scale;
            maseOrigins++;
        }
    }

    long points() {
        return points;
    }

    double mae() {
        return points == 0 ? Double.NaN : absErrorSum / points;
    }

    double smapePercent() {
        return points == 0 ? Double.NaN : smapeSum / points;
    }

    double coveragePercent() {
        return points == 0 ? Double.NaN : 100.0 * covered / points;
    }

    double mase() {
        return maseOrigins == 0 ? Double.NaN : maseSum / maseOrigins;
    }

    int maseOrigins() {
        return maseOrigins;
    }
}

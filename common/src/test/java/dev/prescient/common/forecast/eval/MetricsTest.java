package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double NaN = Double.NaN;

    @Test
    void maeAveragesAbsoluteErrorsSkippingGapActuals() {
        // |1-2| + |2-2| + |4-1| over 3 actuals
        assertThat(Metrics.mae(new double[] {1, 2, NaN, 4}, new double[] {2, 2, 100, 1})).isCloseTo(4.0 / 3, within(1e-12));
    }

    @Test
    void smapeCountsBothZeroAsNoError() {
        // 200*50/150 = 66.667, both zero = 0, gap skipped, 200*100/200 = 100; mean of three
        double smape = Metrics.smapePercent(new double[] {100, 0, NaN, 50}, new double[] {50, 0, 9, 150});

        assertThat(smape).isCloseTo((200.0 / 3 + 0 + 100) / 3, within(1e-12));
    }

    @Test
    void coverageIsTheShareOfActualsAtOrBelowTheUpperQuantile() {
        double coverage = Metrics.coveragePercent(new double[] {1, 5, NaN, 3}, new double[] {2, 4, 0, 3});

        assertThat(coverage).isCloseTo(200.0 / 3, within(1e-12));
    }

    @Test
    void seasonalNaiveMaeSkipsPairsWithAGap() {
        // season 2: |4-1| = 3, (NaN, 2) skipped, |7-4| = 3
        assertThat(Metrics.seasonalNaiveMae(new double[] {1, 2, 4, NaN, 7}, 2)).isEqualTo(3.0);
    }

    @Test
    void metricsOfOnlyGapsAreNaN() {
        double[] gaps = {NaN, NaN};

        assertThat(Metrics.mae(gaps, new double[] {1, 2})).isNaN();
        assertThat(Metrics.smapePercent(gaps, new double[] {1, 2})).isNaN();
        assertThat(Metrics.coveragePercent(gaps, new double[] {1, 2})).isNaN();
        assertThat(Metrics.seasonalNaiveMae(new double[] {1, 2}, 2)).isNaN();
    }

    @Test
    void percentileInterpolatesBetweenOrderStatistics() {
        double[] hundred = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();

        assertThat(Metrics.percentile(new double[] {4, 1, 3, 2}, 50)).isEqualTo(2.5);
        assertThat(Metrics.percentile(hundred, 99)).isCloseTo(99.01, within(1e-9));
        assertThat(Metrics.percentile(new double[0], 50)).isNaN();
    }

    @Test
    void differentLengthsAreRejected() {
        assertThatThrownBy(() -> Metrics.mae(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("actuals and forecast differ in length: 1 vs 2");
    }
}

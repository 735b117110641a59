package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreAccumulatorTest {

    private static final double NaN = Double.NaN;

    @Test
    void poolsStepsForMaeSmapeCoverageAndAveragesMaseOverOrigins() {
        ScoreAccumulator acc = new ScoreAccumulator();
        // errors 2, 0; origin MAE 1 over scale 2 = 0.5; sMAPE 200*2/22, 0; covered 1 of 2
        acc.add(new double[] {10, 20}, new double[] {12, 20}, new double[] {15, 19}, 2);
        // gap skipped; error 3; origin MAE 3 over scale 1 = 3; sMAPE 200*3/57; covered
        acc.add(new double[] {NaN, 30}, new double[] {5, 27}, new double[] {6, 33}, 1);
        // only gaps: nothing
        acc.add(new double[] {NaN, NaN}, new double[] {1, 1}, new double[] {1, 1}, 1);
        // scale 0: scored, but left out of MASE
        acc.add(new double[] {4}, new double[] {4}, new double[] {4}, 0);

        assertThat(acc.points()).isEqualTo(4);
        assertThat(acc.mae()).isCloseTo(5.0 / 4, within(1e-12));
        assertThat(acc.smapePercent()).isCloseTo((400.0 / 22 + 600.0 / 57) / 4, within(1e-12));
        assertThat(acc.coveragePercent()).isCloseTo(75.0, within(1e-12));
        assertThat(acc.mase()).isCloseTo((0.5 + 3) / 2, within(1e-12));
        assertThat(acc.maseOrigins()).isEqualTo(2);
    }

    @Test
    void emptyAccumulatorReportsNaN() {
        ScoreAccumulator acc = new ScoreAccumulator();

        assertThat(acc.mae()).isNaN();
        assertThat(acc.mase()).isNaN();
        assertThat(acc.coveragePercent()).isNaN();
    }
}

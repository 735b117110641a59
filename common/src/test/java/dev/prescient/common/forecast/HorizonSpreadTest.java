package dev.prescient.common.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HorizonSpreadTest {

    @Test
    void offsetIsTheInterpolatedNinetiethPercentileOfEachStepsErrors() {
        // position 0.9 * (5 - 1) = 3.6 between the 4th and 5th order statistics.
        double[][] errors = {{5, 1, 4, 2, 3}, {10, 20, 30, 40, 50}};

        HorizonSpread spread = HorizonSpread.fromErrors(errors, new int[] {5, 5});

        assertThat(spread.offset(1)).isCloseTo(4.6, within(1e-12));
        assertThat(spread.offset(2)).isCloseTo(46.0, within(1e-12));
    }

    @Test
    void stepsBeyondTheMeasuredOnesGrowWithTheSquareRoot() {
        HorizonSpread spread = HorizonSpread.fromErrors(new double[][] {{1}, {2}}, new int[] {1, 1});

        assertThat(spread.offset(8)).isCloseTo(2 * Math.sqrt(8 / 2.0), within(1e-12));
    }

    @Test
    void negativeQuantileIsFlooredAtZeroAndEmptyStepReusesThePrevious() {
        HorizonSpread spread = HorizonSpread.fromErrors(new double[][] {{-3, -2}, {7}, {}}, new int[] {2, 1, 0});

        assertThat(spread.offset(1)).isZero();
        assertThat(spread.offset(2)).isEqualTo(7.0);
        assertThat(spread.offset(3)).isEqualTo(7.0);
    }

    @Test
    void constantSpreadIsTheSameAtEveryStep() {
        HorizonSpread spread = HorizonSpread.constant(2.5);

        assertThat(spread.offset(1)).isEqualTo(2.5);
        assertThat(spread.offset(1000)).isEqualTo(2.5);
    }
}

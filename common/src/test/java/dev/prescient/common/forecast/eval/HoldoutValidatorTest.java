package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.TestSeries;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class HoldoutValidatorTest {

    /** Forecasts a constant p50 and p50 + 1 as p90, and records the history it was given. */
    private static final class ConstantModel implements FittedModel {
        final double level;
        final List<TimeSeries> seen = new ArrayList<>();

        ConstantModel(double level) {
            this.level = level;
        }

        @Override
        public String type() {
            return "constant";
        }

        @Override
        public int requiredHistorySteps() {
            return 3;
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            seen.add(recent);
            double[] p50 = new double[horizonSteps];
            Arrays.fill(p50, level);
            double[] p90 = Arrays.stream(p50).map(v -> v + 1).toArray();
            return new Forecast(recent.end(), recent.step(), p50, p90);
        }
    }

    @Test
    void scoresEveryOriginOfTheWindowAgainstHandComputedValues() {
        // season 2: 0,2 repeating -> in-sample seasonal-naive MAE over the first 6 steps is 0, so use 0,2,0,2,1,3
        // history: index 0..9; season 2; validation from 6; horizon 2; an origin every 2 steps: origins 6 and 8
        TimeSeries h = TestSeries.of(0, 2, 0, 2, 1, 3, 10, 11, 12, 13);
        HoldoutValidator v = new HoldoutValidator(h, 6, 2, 2, 2);
        ConstantModel model = new ConstantModel(11);
        ValidationMetrics m = v.score(model);
        // errors: |10-11|, |11-11|, |12-11|, |13-11| -> MAE 1; p90 = 12 covers 10, 11, 12 but not 13 -> 0.75
        // MASE scale over steps 0..5: |0-0|,|2-2|,|1-0|,|3-2| -> 0.5
        assertThat(m.mae()).isCloseTo(1.0, within(1e-12));
        assertThat(m.mase()).isCloseTo(2.0, within(1e-12));
        assertThat(m.p90Coverage()).isCloseTo(0.75, within(1e-12));
        // each origin sees only the required history just before it
        assertThat(model.seen).hasSize(2);
        assertThat(model.seen.get(0).values()).containsExactly(2, 1, 3);
        assertThat(model.seen.get(1).values()).containsExactly(3, 10, 11);
        assertThat(v.trainingPart().values()).containsExactly(0, 2, 0, 2, 1, 3);
    }

    @Test
    void skipsGapsInTheActuals() {
        TimeSeries h = TestSeries.of(0, 2, 0, 2, 1, 3, Double.NaN, 11, 12, Double.NaN);
        ValidationMetrics m = new HoldoutValidator(h, 6, 2, 2, 2).score(new ConstantModel(11));
        assertThat(m.mae()).isCloseTo(0.5, within(1e-12)); // |11-11|, |12-11|
        assertThat(m.p90Coverage()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void refusesAWindowWithoutRoomForASeasonBefore() {
        assertThatThrownBy(() -> new HoldoutValidator(TestSeries.of(1, 2, 3, 4), 2, 1, 1, 2))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("validation window starting at step 2 of a 4-step history");
    }

    @Test
    void refusesAWindowOfOnlyGaps() {
        TimeSeries h = TestSeries.of(0, 2, 0, 2, 1, 3, Double.NaN, Double.NaN);
        assertThatThrownBy(() -> new HoldoutValidator(h, 6, 2, 2, 2).score(new ConstantModel(1)))
                .hasMessageContaining("no validation point to score constant");
    }
}

package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastSettings;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Awkward but legal histories: long gaps, flat lines, zeros. */
class LstmRobustnessTest {

    static final LstmConfig SMALL = new LstmConfig(8, 16, 24, 64, 15, 5, 5e-3, 0.2, Duration.ofMinutes(2), 8);

    @Test
    void trainsAroundALongGapAndForecastsTheSine() {
        double[] values = SyntheticSeries.noisySine(4 * DAY + 6, 21);
        double[] history = Arrays.copyOf(values, 4 * DAY);
        Arrays.fill(history, 2 * DAY, 2 * DAY + 60, Double.NaN);
        try (LstmModel model = new LstmForecaster(SMALL).fit(SyntheticSeries.series(history),
                ForecastSettings.daily(STEP, 6, 1))) {
            Forecast f = model.forecast(SyntheticSeries.series(history), 6);
            for (int h = 0; h < 6; h++) {
                assertThat(f.p50At(h)).isCloseTo(values[4 * DAY + h], offset(15.0));
            }
        }
    }

    @Test
    void forecastsAFlatLineAsFlat() {
        double[] flat = new double[3 * DAY];
        Arrays.fill(flat, 250.0);
        try (LstmModel model = new LstmForecaster(SMALL).fit(SyntheticSeries.series(flat),
                ForecastSettings.daily(STEP, 6, 1))) {
            Forecast f = model.forecast(SyntheticSeries.series(flat), 6);
            for (int h = 0; h < 6; h++) {
                assertThat(f.p50At(h)).isCloseTo(250.0, offset(12.5));
                assertThat(f.p90At(h)).isBetween(f.p50At(h), 300.0);
            }
        }
    }

    @Test
    void forecastsAllZerosAsNearZero() {
        double[] zeros = new double[3 * DAY];
        try (LstmModel model = new LstmForecaster(SMALL).fit(SyntheticSeries.series(zeros),
                ForecastSettings.daily(STEP, 6, 1))) {
            Forecast f = model.forecast(SyntheticSeries.series(zeros), 6);
            for (int h = 0; h < 6; h++) {
                assertThat(f.p50At(h)).isBetween(0.0, 0.1);
                assertThat(f.p90At(h)).isBetween(f.p50At(h), 0.5);
            }
        }
    }
}

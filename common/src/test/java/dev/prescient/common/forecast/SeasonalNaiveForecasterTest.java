package dev.prescient.common.forecast;

import static dev.prescient.common.forecast.TestSeries.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeasonalNaiveForecasterTest {

    private final SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster();

    @Test
    void constantSeriesForecastsTheConstantWithNoSpread() {
        TimeSeries history = TestSeries.constant(12, 50);

        Forecast f = forecaster.fit(history, settings(3, 4)).forecast(history, 3);

        assertThat(f.p50()).containsExactly(50, 50, 50);
        assertThat(f.p90()).containsExactly(50, 50, 50);
        assertThat(f.start()).isEqualTo(history.end());
        assertThat(f.step()).isEqualTo(history.step());
    }

    @Test
    void rampForecastsTheDayAgoValuesPlusTheSeasonalErrorAsSpread() {
        // y = t, season 4: each step forecasts y[t - 4] = t - 4; every in-sample error is 4.
        TimeSeries history = TestSeries.ramp(12, 0, 1);

        Forecast f = forecaster.fit(history, settings(3, 4)).forecast(history, 3);

        assertThat(f.p50()).containsExactly(8, 9, 10);
        assertThat(f.p90()).containsExactly(12, 13, 14);
    }

    @Test
    void horizonLongerThanASeasonRepeatsTheLastSeason() {
        TimeSeries history = TestSeries.ramp(12, 0, 1);

        Forecast f = forecaster.fit(history, settings(6, 4)).forecast(history, 6);

        assertThat(f.p50()).containsExactly(8, 9, 10, 11, 8, 9);
    }

    @Test
    void noisySineForecastsTheDayAgoValueAndSpreadIsTheTriangularNinetiethPercentile() {
        // Noise uniform in [-1, 1]: the seasonal error is the difference of two such values, triangular
        // on [-2, 2], whose 90th percentile is 2 - sqrt(0.8) = 1.1056.
        int season = 24;
        TimeSeries history = TestSeries.noisySine(50 * season, 100, 20, season, 1, 7);

        Forecast f = forecaster.fit(history, settings(season, season)).forecast(history, season);

        double[] dayAgo = Arrays.copyOfRange(history.values(), history.size() - season, history.size());
        assertThat(f.p50()).containsExactly(dayAgo);
        for (int h = 0; h < season; h++) {
            assertThat(f.p50At(h)).isCloseTo(TestSeries.sine(history.size() + h, 100, 20, season), within(1.0));
            assertThat(f.p90At(h) - f.p50At(h)).isCloseTo(2 - Math.sqrt(0.8), within(0.15));
        }
    }

    @Test
    void fallingSeriesHasNegativeErrorsSoP90EqualsP50() {
        TimeSeries history = TestSeries.ramp(12, 100, -1);

        Forecast f = forecaster.fit(history, settings(2, 4)).forecast(history, 2);

        assertThat(f.p50()).containsExactly(92, 91);
        assertThat(f.p90()).containsExactly(92, 91);
    }

    @ParameterizedTest(name = "gaps at {0} -> {1}")
    @CsvSource({
        "'', 5",          // day-ago value y[4] = 5
        "'4', 4",         // nearest neighbour, the earlier one first
        "'3 4', 6",       // the later neighbour
        "'3 4 5', 8",     // whole neighbourhood a gap: newest value
        "'3 4 5 7', 7"})  // newest non-gap value
    void dayAgoGapFallsBackToTheNearestValueThenTheNewest(String gaps, double expected) {
        int[] indexes = gaps.isBlank() ? new int[0] : Arrays.stream(gaps.split(" ")).mapToInt(Integer::parseInt).toArray();
        TimeSeries recent = TestSeries.withGaps(TestSeries.ramp(8, 1, 1), indexes);
        FittedModel model = forecaster.fit(TestSeries.ramp(8, 1, 1), settings(1, 4));

        assertThat(model.forecast(recent, 1).p50()).containsExactly(expected);
    }

    @Test
    void trainingPairsTouchingAGapAreSkipped() {
        TimeSeries history = TestSeries.withGaps(TestSeries.ramp(12, 0, 1), 2, 9);

        Forecast f = forecaster.fit(history, settings(1, 4)).forecast(TestSeries.ramp(12, 0, 1), 1);

        assertThat(f.p90At(0) - f.p50At(0)).isEqualTo(4.0);
    }

    @Test
    void historyShorterThanOneSeasonPlusOneIsRejectedWithNeededAndGot() {
        assertThatThrownBy(() -> forecaster.fit(TestSeries.constant(4, 1), settings(1, 4)))
                .isInstanceOf(ForecastException.class)
                .hasMessage("seasonal-naive cannot fit: needs at least 5 steps (one season of 4 steps plus one), got 4;"
                        + " supply a longer history");
    }

    @Test
    void historyWithoutAnyPairOneSeasonApartIsRejected() {
        TimeSeries history = TestSeries.of(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        assertThatThrownBy(() -> forecaster.fit(history, settings(1, 4)))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("no pair of non-gap values one season (4 steps) apart");
    }

    @Test
    void recentShorterThanASeasonIsRejected() {
        FittedModel model = forecaster.fit(TestSeries.constant(8, 1), settings(1, 4));

        assertThat(model.requiredHistorySteps()).isEqualTo(4);
        assertThatThrownBy(() -> model.forecast(TestSeries.constant(3, 1), 1))
                .isInstanceOf(ForecastException.class)
                .hasMessage("seasonal-naive cannot forecast: needs at least 4 steps (one season), got 3;"
                        + " supply a longer history");
    }

    @Test
    void recentOfOnlyGapsIsRejected() {
        FittedModel model = forecaster.fit(TestSeries.constant(8, 1), settings(1, 4));
        TimeSeries gaps = TestSeries.withGaps(TestSeries.constant(4, 1), 0, 1, 2, 3);

        assertThatThrownBy(() -> model.forecast(gaps, 1))
                .isInstanceOf(ForecastException.class)
                .hasMessageEndingWith("every value is a gap");
    }
}

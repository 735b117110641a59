package dev.prescient.common.forecast;

import static dev.prescient.common.forecast.TestSeries.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.HoltWintersForecaster.HoltWintersModel;
import dev.prescient.common.series.TimeSeries;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoltWintersForecasterTest {

    private static final int SEASON = 24;

    private final HoltWintersForecaster forecaster = new HoltWintersForecaster();

    @Test
    void constantSeriesForecastsTheConstantWithNoSpread() {
        TimeSeries history = TestSeries.constant(3 * SEASON, 50);

        Forecast f = forecaster.fit(history, settings(6, SEASON)).forecast(history, 6);

        for (int h = 0; h < 6; h++) {
            assertThat(f.p50At(h)).isCloseTo(50, within(1e-9));
            assertThat(f.p90At(h)).isCloseTo(50, within(1e-9));
        }
    }

    @Test
    void rampIsContinuedExactly() {
        // y = 10 + 2t: the initialisation finds trend 2 and zero seasonal terms, so no error arises.
        TimeSeries history = TestSeries.ramp(3 * SEASON, 10, 2);

        Forecast f = forecaster.fit(history, settings(6, SEASON)).forecast(history, 6);

        for (int h = 1; h <= 6; h++) {
            assertThat(f.p50At(h - 1)).isCloseTo(10 + 2 * (3 * SEASON - 1 + h), within(1e-6));
            assertThat(f.p90At(h - 1) - f.p50At(h - 1)).isCloseTo(0, within(1e-6));
        }
    }

    @Test
    void noisySineForecastsTheSineAndSpreadIsTheNoisesNinetiethPercentile() {
        // Noise uniform in [-1, 1] is unpredictable: the best forecast is the sine itself and the
        // errors are the noise, whose 90th percentile is 0.8. The seasonal terms keep part of the
        // noise (gamma about 0.15), so the forecast is held to the noise amplitude, 1, around the sine.
        TimeSeries history = TestSeries.noisySine(20 * SEASON, 100, 20, SEASON, 1, 11);

        Forecast f = forecaster.fit(history, settings(SEASON, SEASON)).forecast(history, SEASON);

        for (int h = 0; h < SEASON; h++) {
            assertThat(f.p50At(h)).isCloseTo(TestSeries.sine(history.size() + h, 100, 20, SEASON), within(1.0));
            assertThat(f.p90At(h) - f.p50At(h)).isCloseTo(0.8, within(0.25));
        }
    }

    @Test
    void gapsInHistoryAndRecentAreSkipped() {
        TimeSeries clean = TestSeries.noisySine(20 * SEASON, 100, 20, SEASON, 1, 11);
        int[] gaps = IntStream.concat(IntStream.range(100, 110), IntStream.iterate(3, i -> i < clean.size(), i -> i + 17))
                .toArray();
        TimeSeries gapped = TestSeries.withGaps(clean, gaps);

        Forecast f = forecaster.fit(gapped, settings(SEASON, SEASON)).forecast(gapped, SEASON);

        for (int h = 0; h < SEASON; h++) {
            assertThat(f.p50At(h)).isCloseTo(TestSeries.sine(clean.size() + h, 100, 20, SEASON), within(1.0));
        }
    }

    @Test
    void fittedModelForecastsFromTheRecentSeriesItIsGiven() {
        FittedModel model = forecaster.fit(TestSeries.constant(3 * SEASON, 10), settings(3, SEASON));

        Forecast f = model.forecast(TestSeries.constant(2 * SEASON, 50), 3);

        assertThat(f.p50()).containsExactly(new double[] {50, 50, 50}, within(1e-9));
    }

    @Test
    void randomWalkIsFittedWithAlphaNearOne() {
        // The best one-step forecast of a random walk is its last value, which is alpha = 1.
        Random random = new Random(13);
        double[] walk = new double[20 * SEASON];
        walk[0] = 1000;
        for (int t = 1; t < walk.length; t++) {
            walk[t] = walk[t - 1] + random.nextGaussian() * 5;
        }

        HoltWintersModel model = (HoltWintersModel) forecaster.fit(TestSeries.of(walk), settings(1, SEASON));

        assertThat(model.params().alpha()).isGreaterThan(0.9);
    }

    @Test
    void forecastBelowZeroIsClampedAndP90StaysAtOrAboveP50() {
        // y = 715 - 10t ends at 5, so the raw forecasts are -5, -15, -25.
        TimeSeries history = TestSeries.ramp(3 * SEASON, 715, -10);

        Forecast f = forecaster.fit(history, settings(3, SEASON)).forecast(history, 3);

        assertThat(f.p50()).containsExactly(0, 0, 0);
        assertThat(f.p90()).containsExactly(0, 0, 0);
    }

    @Test
    void historyShorterThanTwoSeasonsIsRejectedWithNeededAndGot() {
        assertThatThrownBy(() -> forecaster.fit(TestSeries.constant(2 * SEASON - 1, 1), settings(1, SEASON)))
                .isInstanceOf(ForecastException.class)
                .hasMessage("holt-winters cannot fit: needs at least 48 steps (two seasons of 24 steps to initialise),"
                        + " got 47; supply a longer history");
    }

    @Test
    void seasonOfOnlyGapsCannotInitialise() {
        TimeSeries history = TestSeries.withGaps(TestSeries.constant(3 * SEASON, 1), IntStream.range(0, SEASON).toArray());

        assertThatThrownBy(() -> forecaster.fit(history, settings(1, SEASON)))
                .isInstanceOf(ForecastException.class)
                .hasMessage("holt-winters cannot initialise: steps [0, 24) of the series are all gaps;"
                        + " supply a history with fewer gaps");
    }

    @Test
    void recentShorterThanTwoSeasonsIsRejected() {
        FittedModel model = forecaster.fit(TestSeries.constant(3 * SEASON, 1), settings(1, SEASON));

        assertThat(model.requiredHistorySteps()).isEqualTo(2 * SEASON);
        assertThatThrownBy(() -> model.forecast(TestSeries.constant(SEASON, 1), 1))
                .isInstanceOf(ForecastException.class)
                .hasMessageStartingWith("holt-winters cannot forecast: needs at least 48 steps");
    }
}

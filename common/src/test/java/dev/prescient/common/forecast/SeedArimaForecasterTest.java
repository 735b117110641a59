package dev.prescient.common.forecast;

import static dev.prescient.common.forecast.TestSeries.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.SeedArimaForecaster.ArimaModel;
import dev.prescient.common.series.TimeSeries;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeedArimaForecasterTest {

    private final SeedArimaForecaster forecaster = new SeedArimaForecaster();

    @Test
    void constantSeriesForecastsTheConstantWithNoSpread() {
        TimeSeries history = TestSeries.constant(40, 50);

        Forecast f = forecaster.fit(history, settings(4, 24)).forecast(history, 4);

        assertThat(f.p50()).containsExactly(50, 50, 50, 50);
        assertThat(f.p90()).containsExactly(50, 50, 50, 50);
    }

    @Test
    void rampGetsZeroCoefficientsAndIsContinuedExactly() {
        TimeSeries history = TestSeries.ramp(40, 10, 2);

        ArimaModel model = (ArimaModel) forecaster.fit(history, settings(3, 24));
        Forecast f = model.forecast(history, 3);

        assertThat(model.coefficients()).containsExactly(new double[] {0, 0, 0, 0, 0}, within(1e-12));
        assertThat(f.p50()).containsExactly(new double[] {90, 92, 94}, within(1e-9));
    }

    @Test
    void recoversTheArCoefficientsOfTheSecondDifference() {
        TimeSeries history = arOnSecondDifference(5000, 0.5, -0.3);

        ArimaModel model = (ArimaModel) forecaster.fit(history, settings(1, 24));

        assertThat(model.coefficients()).containsExactly(new double[] {0.5, -0.3, 0, 0, 0}, within(0.05));
    }

    @Test
    void rowsTouchingAGapAreSkipped() {
        TimeSeries history = TestSeries.withGaps(arOnSecondDifference(5000, 0.5, -0.3),
                IntStream.iterate(10, i -> i < 5000, i -> i + 97).toArray());

        ArimaModel model = (ArimaModel) forecaster.fit(history, settings(1, 24));

        assertThat(model.coefficients()).containsExactly(new double[] {0.5, -0.3, 0, 0, 0}, within(0.05));
    }

    @Test
    void forecastIntegratesTheArPathTwice() {
        // Window 0,0,0,0,0,1,3: second differences (newest first) 1, 1, 0, 0, 0; last step 2; level 3.
        // phi = (0.5): d2 = 0.5, 0.25, 0.125 -> steps 2.5, 2.75, 2.875 -> levels 5.5, 8.25, 11.125.
        double[] path = SeedArimaForecaster.path(new double[] {0, 0, 0, 0, 0, 1, 3}, new double[] {0.5, 0, 0, 0, 0}, 3);

        assertThat(path).containsExactly(new double[] {5.5, 8.25, 11.125}, within(1e-12));
    }

    @Test
    void gapsAtTheEndOfRecentAreCarriedForward() {
        FittedModel model = forecaster.fit(TestSeries.ramp(40, 0, 1), settings(3, 24));
        TimeSeries recent = TestSeries.withGaps(TestSeries.ramp(10, 0, 1), 9);

        assertThat(model.forecast(recent, 3).p50()).containsExactly(new double[] {8, 8, 8}, within(1e-9));
    }

    @Test
    void nearlyNoiselessSineIsContinued() {
        // A sine's second difference is a sine of the same period, which an AR recursion reproduces.
        int period = 24;
        TimeSeries history = TestSeries.noisySine(20 * period, 100, 20, period, 0.01, 5);

        Forecast f = forecaster.fit(history, settings(6, period)).forecast(history, 6);

        for (int h = 0; h < 6; h++) {
            assertThat(f.p50At(h)).isCloseTo(TestSeries.sine(history.size() + h, 100, 20, period), within(0.2));
            assertThat(f.p90At(h)).isGreaterThanOrEqualTo(f.p50At(h));
        }
    }

    @Test
    void forecastBelowZeroIsClamped() {
        TimeSeries history = TestSeries.ramp(40, 395, -10);

        Forecast f = forecaster.fit(history, settings(3, 24)).forecast(history, 3);

        assertThat(f.p50()).containsExactly(0, 0, 0);
        assertThat(f.p90()).containsExactly(0, 0, 0);
    }

    @Test
    void historyTooShortIsRejectedWithNeededAndGot() {
        assertThatThrownBy(() -> forecaster.fit(TestSeries.constant(26, 1), settings(1, 24)))
                .isInstanceOf(ForecastException.class)
                .hasMessage("seed-arima cannot fit: needs at least 27 steps (20 regression rows of 5 lags on the"
                        + " second difference), got 26; supply a longer history");
    }

    @Test
    void historyWithTooFewRowsFreeOfGapsIsRejected() {
        TimeSeries history = TestSeries.withGaps(TestSeries.constant(40, 1), 10, 20, 30);

        assertThatThrownBy(() -> forecaster.fit(history, settings(1, 24)))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("only 9 regression rows avoid gaps, needs 20");
    }

    /** Levels whose second difference is AR(2) with N(0, 1) innovations, offset to stay positive. */
    private static TimeSeries arOnSecondDifference(int length, double phi1, double phi2) {
        Random random = new Random(3);
        double[] d2 = new double[length];
        for (int t = 2; t < length; t++) {
            d2[t] = phi1 * d2[t - 1] + phi2 * d2[t - 2] + random.nextGaussian();
        }
        double[] y = new double[length];
        double d1 = 0;
        double level = 1e6;
        for (int t = 0; t < length; t++) {
            d1 += d2[t];
            level += d1;
            y[t] = level;
        }
        return TestSeries.of(y);
    }
}

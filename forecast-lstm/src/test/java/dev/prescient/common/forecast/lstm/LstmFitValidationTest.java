package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Histories and settings the forecaster refuses before it trains. */
class LstmFitValidationTest {

    static Stream<Arguments> unusableHistories() {
        double[] allGaps = new double[3 * DAY];
        Arrays.fill(allGaps, Double.NaN);
        double[] gapEveryTenSteps = SyntheticSeries.noisySine(3 * DAY, 1);
        for (int i = 0; i < gapEveryTenSteps.length; i += 10) {
            gapEveryTenSteps[i] = Double.NaN;
        }
        return Stream.of(
                Arguments.of("short", SyntheticSeries.noisySine(DAY, 1),
                        new String[] {"history too short", "needs at least 358 steps", "got 288", "longer history"}),
                Arguments.of("all gaps", allGaps, new String[] {"every value is a gap"}),
                Arguments.of("gap every ten steps", gapEveryTenSteps,
                        new String[] {"only 0 training and 0 validation windows are free of gaps", "fewer gaps"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableHistories")
    void refusesUnusableHistoryWithReason(String name, double[] values, String[] messageParts) {
        LstmForecaster forecaster = new LstmForecaster();
        assertThatThrownBy(() -> forecaster.fit(SyntheticSeries.series(values), ForecastSettings.daily(STEP, 6, 1)))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("lstm cannot train on TimeSeries[start=2024-03-04T00:00:00Z")
                .hasMessageContainingAll(messageParts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatchedSettings")
    void refusesSettingsThatDoNotFitTheHistory(String name, ForecastSettings settings, String messagePart) {
        LstmForecaster forecaster = new LstmForecaster();
        assertThatThrownBy(() -> forecaster.fit(SyntheticSeries.series(SyntheticSeries.noisySine(3 * DAY, 1)), settings))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining(messagePart);
    }

    static Stream<Arguments> mismatchedSettings() {
        return Stream.of(
                Arguments.of("other step", ForecastSettings.daily(Duration.ofMinutes(1), 6, 1),
                        "its step differs from the settings' PT1M"),
                Arguments.of("horizon beyond a season", new ForecastSettings(STEP, 20, 12, 1),
                        "the horizon may not exceed one season (12 steps)"));
    }
}

package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LstmForecasterTest {

    static final int HORIZON = 6;
    static final int TRAIN_STEPS = 4 * DAY;
    static final LstmConfig SMALL = new LstmConfig(16, 32, 24, 64, 30, 5, 5e-3, 0.2, Duration.ofMinutes(2), 8);

    private final double[] values = SyntheticSeries.noisySine(TRAIN_STEPS + DAY, 7);
    private LstmModel model;

    @BeforeAll
    void train() {
        model = new LstmForecaster(SMALL).fit(SyntheticSeries.prefix(values, TRAIN_STEPS),
                ForecastSettings.daily(STEP, HORIZON, 11));
    }

    @AfterAll
    void close() {
        model.close();
    }

    @Test
    void forecastsSineWithNonDailyPeriodFarBetterThanSeasonalNaive() {
        double lstmError = 0;
        double naiveError = 0;
        for (int origin = TRAIN_STEPS; origin + HORIZON <= values.length; origin += 12) {
            Forecast f = model.forecast(SyntheticSeries.prefix(values, origin), HORIZON);
            for (int h = 0; h < HORIZON; h++) {
                lstmError += Math.abs(values[origin + h] - f.p50At(h));
                naiveError += Math.abs(values[origin + h] - values[origin + h - DAY]);
            }
        }
        assertThat(lstmError).isLessThan(0.25 * naiveError);
    }

    @Test
    void reportsValidationAccuracyAgainstSeasonalNaive() {
        assertThat(model.validationMetrics().mase()).isBetween(0.0, 0.25);
        assertThat(model.validationMetrics().p90Coverage()).isBetween(0.8, 1.0);
    }

    @Test
    void p90CoversMostActualsBeyondTheTrainingData() {
        int covered = 0;
        int total = 0;
        for (int origin = TRAIN_STEPS; origin + HORIZON <= values.length; origin += 6) {
            Forecast f = model.forecast(SyntheticSeries.prefix(values, origin), HORIZON);
            for (int h = 0; h < HORIZON; h++) {
                covered += values[origin + h] <= f.p90At(h) ? 1 : 0;
                total++;
            }
        }
        assertThat((double) covered / total).isBetween(0.75, 1.0);
    }

    @Test
    void forecastStartsAfterTheNewestValueWithOrderedQuantiles() {
        Forecast f = model.forecast(SyntheticSeries.prefix(values, TRAIN_STEPS), 4);
        assertThat(f.start()).isEqualTo(SyntheticSeries.START.plus(STEP.multipliedBy(TRAIN_STEPS)));
        assertThat(f.horizon()).isEqualTo(4);
        for (int h = 0; h < 4; h++) {
            assertThat(f.p90At(h)).isGreaterThan(f.p50At(h));
        }
    }

    @Test
    void concurrentForecastsEqualSequentialOnes() throws Exception {
        int origins = 48;
        Forecast[] sequential = new Forecast[origins];
        for (int i = 0; i < origins; i++) {
            sequential[i] = model.forecast(SyntheticSeries.prefix(values, TRAIN_STEPS + i * 5), HORIZON);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Forecast>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < origins; i++) {
                    int origin = TRAIN_STEPS + i * 5;
                    futures.add(pool.submit(() -> model.forecast(SyntheticSeries.prefix(values, origin), HORIZON)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).as("forecast %d", k).isEqualTo(sequential[k % origins]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void needsOneSeasonPlusTheWindow() {
        assertThat(model.requiredHistorySteps()).isEqualTo(DAY + 24);
        assertThat(model.horizonSteps()).isEqualTo(HORIZON);
    }

    @Test
    void fillsShortGapsInTheRecentHistory() {
        double[] gappy = Arrays.copyOf(values, TRAIN_STEPS);
        Arrays.fill(gappy, TRAIN_STEPS - 5, TRAIN_STEPS - 2, Double.NaN);
        Forecast filled = model.forecast(SyntheticSeries.series(gappy), HORIZON);
        Forecast clean = model.forecast(SyntheticSeries.prefix(values, TRAIN_STEPS), HORIZON);
        for (int h = 0; h < HORIZON; h++) {
            assertThat(filled.p50At(h)).isCloseTo(clean.p50At(h), org.assertj.core.data.Offset.offset(15.0));
        }
    }

    @Test
    void refusesRecentHistoryShorterThanRequired() {
        assertThatThrownBy(() -> model.forecast(SyntheticSeries.prefix(values, DAY), HORIZON))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("needs the newest " + (DAY + 24) + " steps")
                .hasMessageContaining("got " + DAY);
    }

    @ParameterizedTest(name = "{0} newest steps missing")
    @CsvSource({"200, 200 of the newest 312 steps are gaps", "13, 13 of the newest 24 steps are gaps"})
    void refusesRecentHistoryThatIsMostlyGaps(int missing, String message) {
        double[] gappy = Arrays.copyOf(values, TRAIN_STEPS);
        Arrays.fill(gappy, TRAIN_STEPS - missing, TRAIN_STEPS, Double.NaN);
        assertThatThrownBy(() -> model.forecast(SyntheticSeries.series(gappy), HORIZON))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("use a fallback forecaster");
    }

    @Test
    void refusesHorizonLongerThanTrained() {
        assertThatThrownBy(() -> model.forecast(SyntheticSeries.prefix(values, TRAIN_STEPS), HORIZON + 1))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("cannot forecast 7 steps: it was trained for 1..6");
    }

    @Test
    void refusesSeriesAtAnotherStep() {
        var other = new dev.prescient.common.series.TimeSeries(SyntheticSeries.START, Duration.ofMinutes(1),
                Arrays.copyOf(values, TRAIN_STEPS));
        assertThatThrownBy(() -> model.forecast(other, HORIZON))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("trained at step PT5M");
    }
}

package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.forecast.TestSeries;
import dev.prescient.common.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingOriginEvaluatorTest {

    /** Season 2, horizon 2. */
    private static final ForecastSettings SETTINGS = TestSeries.settings(2, 2);

    @Test
    void fitsOnTheHistoryBeforeRefitOriginsAndForecastsFromEachOriginsHistory() {
        Recording forecaster = new Recording();
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 2, 4), SETTINGS);
        TimeSeries series = TestSeries.ramp(20, 1, 1);

        ForecasterScore score = evaluator.evaluate(series, forecaster, EvaluationListener.none());

        // origins 6, 8, ..., 18; refits where 4 steps have passed since the last: 6, 10, 14, 18
        assertThat(forecaster.fits).containsExactly("[0,6)", "[4,10)", "[8,14)", "[12,18)");
        assertThat(forecaster.forecasts).containsExactly("[0,6)", "[2,8)", "[4,10)", "[6,12)", "[8,14)", "[10,16)",
                "[12,18)");
        assertThat(score.origins()).isEqualTo(7);
        assertThat(score.refits()).isEqualTo(4);
    }

    @Test
    void scoresTheLastValueForecastByHand() {
        // y = t, season 2: the MASE scale is |y[t] - y[t-2]| = 2 everywhere. Origins 6 and 10 forecast
        // their last values 5 and 9 against actuals 6, 7 and 10, 11: errors 1, 2, 1, 2.
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 4, 100), SETTINGS);

        ForecasterScore s = evaluator.evaluate(TestSeries.ramp(12, 0, 1), new LastValue(), EvaluationListener.none());

        assertThat(s.origins()).isEqualTo(2);
        assertThat(s.points()).isEqualTo(4);
        assertThat(s.mae()).isCloseTo(1.5, within(1e-12));
        assertThat(s.smapePercent()).isCloseTo((200.0 / 11 + 400.0 / 12 + 200.0 / 19 + 400.0 / 20) / 4, within(1e-12));
        assertThat(s.mase()).isCloseTo(0.75, within(1e-12));
        assertThat(s.p90CoveragePercent()).isCloseTo(50, within(1e-12));
        assertThat(s.refits()).isEqualTo(1);
        assertThat(s.fitSecondsMax()).isGreaterThanOrEqualTo(s.fitSecondsMean());
        assertThat(s.forecastMicrosP99()).isGreaterThanOrEqualTo(s.forecastMicrosP50());
    }

    @Test
    void gapActualsAreSkippedAndGapPairsLeaveTheScale() {
        // A gap at 7: origin 6 scores only actual 6 (error 1); origin 10's history 4,5,6,gap,8,9 keeps
        // the pairs (4,6) and (6,8), scale 2; it scores errors 1 and 2.
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 4, 100), SETTINGS);
        TimeSeries series = TestSeries.withGaps(TestSeries.ramp(12, 0, 1), 7);

        ForecasterScore s = evaluator.evaluate(series, new LastValue(), EvaluationListener.none());

        assertThat(s.points()).isEqualTo(3);
        assertThat(s.mae()).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(s.mase()).isCloseTo((1.0 / 2 + 1.5 / 2) / 2, within(1e-12));
        assertThat(s.p90CoveragePercent()).isCloseTo(200.0 / 3, within(1e-12));
    }

    @Test
    void failedRefitKeepsThePreviousModelAndIsReported() {
        List<String> failures = new ArrayList<>();
        EvaluationListener listener = new EvaluationListener() {
            @Override
            public void failed(String type, int origin, String message) {
                failures.add(type + "@" + origin + ": " + message);
            }
        };
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 4, 4), SETTINGS);

        ForecasterScore s = evaluator.evaluate(TestSeries.ramp(12, 0, 1), new FailsAfterFirstFit(), listener);

        assertThat(failures).containsExactly("flaky@10: no second fit");
        assertThat(s.refits()).isEqualTo(1);
        assertThat(s.failedFits()).isEqualTo(1);
        assertThat(s.failedForecasts()).isZero();
        assertThat(s.points()).isEqualTo(4);
    }

    @Test
    void originsWithoutAModelAreCountedAndNotScored() {
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 4, 100), SETTINGS);
        Forecaster never = new LastValue() {
            @Override
            public FittedModel fit(TimeSeries history, ForecastSettings settings) {
                throw new ForecastException("never fits");
            }
        };

        ForecasterScore s = evaluator.evaluate(TestSeries.ramp(12, 0, 1), never, EvaluationListener.none());

        assertThat(s.failedFits()).isEqualTo(1);
        assertThat(s.failedForecasts()).isEqualTo(2);
        assertThat(s.points()).isZero();
        assertThat(s.mae()).isNaN();
    }

    @Test
    void seriesTooShortForOneOriginIsRejected() {
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(6, 2, 4, 100), SETTINGS);

        assertThatThrownBy(() -> evaluator.evaluate(TestSeries.ramp(7, 0, 1), new LastValue(), EvaluationListener.none()))
                .isInstanceOf(ForecastException.class)
                .hasMessageStartingWith("cannot evaluate last-value on TimeSeries[")
                .hasMessageEndingWith("needs at least 8 steps (history plus horizon), got 7");
    }

    @Test
    void settingsHorizonMustMatchTheSchedule() {
        assertThatThrownBy(() -> new RollingOriginEvaluator(new RollingOriginSchedule(6, 3, 1, 1), SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecast settings horizon 2 differs from the schedule's 3");
    }

    /** Forecasts the newest value at every step, with p90 one above. */
    private static class LastValue implements Forecaster {

        @Override
        public String type() {
            return "last-value";
        }

        @Override
        public FittedModel fit(TimeSeries history, ForecastSettings settings) {
            return new FittedModel() {
                @Override
                public String type() {
                    return "last-value";
                }

                @Override
                public int requiredHistorySteps() {
                    return 1;
                }

                @Override
                public Forecast forecast(TimeSeries recent, int horizonSteps) {
                    double last = recent.valueAt(recent.size() - 1);
                    double[] p50 = new double[horizonSteps];
                    Arrays.fill(p50, last);
                    double[] p90 = Arrays.stream(p50).map(v -> v + 1).toArray();
                    return new Forecast(recent.end(), recent.step(), p50, p90);
                }
            };
        }
    }

    /** Records the index ranges it was fitted and asked to forecast on, relative to the test series. */
    private static final class Recording extends LastValue {

        final List<String> fits = new ArrayList<>();
        final List<String> forecasts = new ArrayList<>();

        @Override
        public FittedModel fit(TimeSeries history, ForecastSettings settings) {
            fits.add(range(history));
            FittedModel inner = super.fit(history, settings);
            return new FittedModel() {
                @Override
                public String type() {
                    return inner.type();
                }

                @Override
                public int requiredHistorySteps() {
                    return 1;
                }

                @Override
                public Forecast forecast(TimeSeries recent, int horizonSteps) {
                    String r = range(recent);
                    if (forecasts.isEmpty() || !forecasts.get(forecasts.size() - 1).equals(r)) {
                        forecasts.add(r);
                    }
                    return inner.forecast(recent, horizonSteps);
                }
            };
        }

        private static String range(TimeSeries s) {
            long from = TestSeries.of(new double[0]).indexOf(s.start());
            return "[" + from + "," + (from + s.size()) + ")";
        }
    }

    /** Fits once; every later fit throws. */
    private static final class FailsAfterFirstFit extends LastValue {

        private int fits;

        @Override
        public String type() {
            return "flaky";
        }

        @Override
        public FittedModel fit(TimeSeries history, ForecastSettings settings) {
            if (fits++ > 0) {
                throw new ForecastException("no second fit");
            }
            return super.fit(history, settings);
        }
    }
}

package dev.prescient.common.accuracy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.series.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Scoring against figures worked out by hand. The step is 15 minutes, so one day is 96 steps and the last hour
 * the 4 steps before {@code AT}; the actuals cover the two days before {@code AT} and are 100 except where set.
 */
class ForecastScorerTest {

    private static final Duration STEP = Duration.ofMinutes(15);
    private static final Instant T = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant AT = T.plus(Duration.ofDays(2));
    private static final int LAST_HOUR = 2 * 96 - 4;
    private static final int TEN_AM = 96 + 40;

    /** 192 steps of 100 from T, with {@code set} pairs (index, value) applied. */
    private static TimeSeries actuals(double... set) {
        double[] a = new double[192];
        Arrays.fill(a, 100);
        for (int i = 0; i < set.length; i += 2) {
            a[(int) set[i]] = set[i + 1];
        }
        return new TimeSeries(T, STEP, a);
    }

    private static Forecast forecast(int index, double[] p50, double[] p90) {
        return new Forecast(T.plus(STEP.multipliedBy(index)), STEP, p50, p90);
    }

    /**
     * Last hour: actual [100, 120, 80, 100], a day earlier [90, 100, 100, 100], p50 [105, 110, 90, 100],
     * p90 [110, 115, 95, 120]. |a − day ago| = [10, 20, 20, 0], scale 50 / 4 = 12.5; |a − p50| = [5, 10, 10, 0],
     * MAE 25 / 4 = 6.25; MASE = 6.25 / 12.5 = 0.5. Covered: 100 ≤ 110, 120 > 115, 80 ≤ 95, 100 ≤ 120: 3 / 4.
     */
    private static TimeSeries lastHourActuals(double... more) {
        double[] set = {LAST_HOUR - 96, 90, LAST_HOUR + 1, 120, LAST_HOUR + 2, 80};
        double[] all = Arrays.copyOf(set, set.length + more.length);
        System.arraycopy(more, 0, all, set.length, more.length);
        return actuals(all);
    }

    private static Forecast lastHourForecast() {
        return forecast(LAST_HOUR, new double[] {105, 110, 90, 100}, new double[] {110, 115, 95, 120});
    }

    @Test
    void scoresTheLastHourByHand() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        scorer.record(lastHourForecast());

        AccuracySnapshot s = scorer.score(lastHourActuals(), AT);

        assertThat(s.hour().points()).isEqualTo(4);
        assertThat(s.hour().mase()).isCloseTo(0.5, within(1e-12));
        assertThat(s.hour().p90Coverage()).isCloseTo(0.75, within(1e-12));
        assertThat(s.day()).isEqualTo(new AccuracySnapshot.Window(AccuracySnapshot.DAY, s.hour().mase(),
                s.hour().p90Coverage(), 4));
    }

    /**
     * Add two steps at 10:00 the day before AT: actual [50, 60], a day earlier [50, 50], p50 [40, 60],
     * p90 [45, 70]. Day: scale (50 + 10) / 6 = 10, MAE (25 + 10) / 6, MASE 35 / 60 = 0.58333; covered 3 + 1 of 6.
     * The hour is unchanged.
     */
    @Test
    void scoresTheDayOverEveryScoredStepOfItByHand() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        scorer.record(lastHourForecast());
        scorer.record(forecast(TEN_AM, new double[] {40, 60}, new double[] {45, 70}));

        AccuracySnapshot s = scorer.score(lastHourActuals(TEN_AM, 50, TEN_AM + 1, 60, TEN_AM - 96, 50,
                TEN_AM + 1 - 96, 50), AT);

        assertThat(s.day().points()).isEqualTo(6);
        assertThat(s.day().mase()).isCloseTo(35.0 / 60, within(1e-12));
        assertThat(s.day().p90Coverage()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(s.hour().points()).isEqualTo(4);
        assertThat(s.hour().mase()).isCloseTo(0.5, within(1e-12));
    }

    /**
     * Two forecasts overlap on the last hour: an older one (two steps earlier) of 200 everywhere and the last-hour
     * one. With lead 1 the newer wins where both predict, whatever the recording order: MASE 0.5 as above. With a
     * minimum lead of 3 steps the newer forecast judges only its 3rd and 4th steps (p50 90, 100: errors 10, 0), the
     * older one the first two (p50 200: errors 100, 80): MAE 190 / 4, MASE 47.5 / 12.5 = 3.8.
     */
    @Test
    void judgesEachStepByTheNewestForecastMadeAtLeastTheMinimumLeadAhead() {
        Forecast older = forecast(LAST_HOUR - 2, filled(8, 200), filled(8, 250));
        ForecastScorer newerLast = new ForecastScorer(STEP, 8);
        newerLast.record(older);
        newerLast.record(lastHourForecast());
        ForecastScorer olderLast = new ForecastScorer(STEP, 8);
        olderLast.record(lastHourForecast());
        olderLast.record(older);
        ForecastScorer lead3 = new ForecastScorer(STEP, 8, 3);
        lead3.record(lastHourForecast());
        lead3.record(older);

        assertThat(newerLast.score(lastHourActuals(), AT).hour().mase()).isCloseTo(0.5, within(1e-12));
        assertThat(olderLast.score(lastHourActuals(), AT).hour().mase()).isCloseTo(0.5, within(1e-12));
        AccuracySnapshot.Window w = lead3.score(lastHourActuals(), AT).hour();
        assertThat(w.points()).isEqualTo(4);
        assertThat(w.mase()).isCloseTo(3.8, within(1e-12));
    }

    /** A gap in the actuals or a day-ago gap leaves that step out; so does a step outside the actuals. */
    @Test
    void skipsStepsWithoutAnActualOrADayAgoValue() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        scorer.record(lastHourForecast());
        // step 1 (120) loses its actual, step 2 (80) its day-ago value: left [100, 100] vs day ago [90, 100],
        // p50 [105, 100]: scale 5, MAE 2.5, MASE 0.5; both covered
        TimeSeries gaps = lastHourActuals(LAST_HOUR + 1, Double.NaN, LAST_HOUR + 2 - 96, Double.NaN);

        AccuracySnapshot.Window w = scorer.score(gaps, AT).hour();
        AccuracySnapshot.Window shortActuals = scorer.score(lastHourActuals().slice(0, LAST_HOUR + 2), AT).hour();

        assertThat(w.points()).isEqualTo(2);
        assertThat(w.mase()).isCloseTo(0.5, within(1e-12));
        assertThat(w.p90Coverage()).isEqualTo(1.0);
        assertThat(shortActuals.points()).isEqualTo(2);
    }

    @Test
    void givesNoMaseWhenTheDemandDidNotChangeFromTheDayBefore() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        scorer.record(forecast(LAST_HOUR, filled(4, 90), filled(4, 95)));

        AccuracySnapshot.Window w = scorer.score(actuals(), AT).hour();

        assertThat(w.points()).isEqualTo(4);
        assertThat(w.mase()).isNaN();
        assertThat(w.p90Coverage()).isZero();
    }

    @Test
    void isEmptyBeforeAnyForecastIsRecorded() {
        AccuracySnapshot s = new ForecastScorer(STEP, 8).score(actuals(), AT);

        assertThat(s).isEqualTo(AccuracySnapshot.unknown(AT, STEP));
        assertThat(s.day().mase()).isNaN();
        assertThat(s.day().p90Coverage()).isNaN();
    }

    /**
     * A forecast every step for three days, each p50 = 100 + its day's number: only the last day's forecasts
     * (p50 102 for actuals 100 and day-ago 100, so no scale) are in the window; a late old forecast replaces nothing newer.
     */
    @Test
    void scoresOnlyTheLastDayAndIgnoresALateOldForecast() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        Instant start = AT.minus(Duration.ofDays(3));
        for (int i = 0; i < 3 * 96; i++) {
            int day = i / 96;
            scorer.record(new Forecast(start.plus(STEP.multipliedBy(i)), STEP, filled(8, 100 + day),
                    filled(8, 100 + day)));
        }
        // a late recording of the first day's forecasts must not overwrite the newer steps in the ring
        scorer.record(new Forecast(start, STEP, filled(8, 500), filled(8, 500)));

        AccuracySnapshot.Window day = scorer.score(actuals(), AT).day();

        assertThat(day.points()).isEqualTo(96);
        assertThat(day.p90Coverage()).isEqualTo(1.0);
    }

    @Test
    void refusesForecastsAndActualsAtAnotherStepNamingBoth() {
        ForecastScorer scorer = new ForecastScorer(STEP, 8);
        Forecast minutely = new Forecast(T, Duration.ofMinutes(1), filled(2, 1), filled(2, 1));

        assertThatThrownBy(() -> scorer.record(minutely)).hasMessage(
                "cannot record a forecast with step PT1M for accuracy scored at step PT15M");
        assertThatThrownBy(() -> scorer.score(TimeSeries.empty(T, Duration.ofMinutes(5)), AT)).hasMessage(
                "cannot score forecasts at step PT15M against actuals at step PT5M");
        assertThatThrownBy(() -> new ForecastScorer(Duration.ofMinutes(7), 8))
                .hasMessage("accuracy scoring needs a positive step dividing one day, got PT7M");
        assertThatThrownBy(() -> new ForecastScorer(STEP, 8, 9))
                .hasMessage("accuracy minimum lead must lie in [1, horizon 8] steps, got 9");
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}

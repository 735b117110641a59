package dev.prescient.common.policy.burst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RecurringBurstModelTest {

    private static final Instant DAY0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration D3 = Duration.ofMinutes(3);
    private static final BurstSettings SETTINGS = BurstSettings.defaults();

    /**
     * Level 100 with ±2 % noise; in odd hours a burst of 4× the level from minute 32 for 6 minutes, in even hours
     * none; {@code skipHour} (absolute hour index) has no burst.
     */
    private static double[] trace(int hours, long seed, int skipHour) {
        Random r = new Random(seed);
        double[] v = new double[hours * 60];
        for (int i = 0; i < v.length; i++) {
            int hour = i / 60;
            int minute = i % 60;
            v[i] = 100 * (1 + 0.02 * (r.nextDouble() * 2 - 1));
            if (hour % 2 == 1 && hour != skipHour && minute >= 32 && minute < 38) {
                v[i] *= 4;
            }
        }
        return v;
    }

    private static TimeSeries series(double[] v) {
        return new TimeSeries(DAY0, MIN, v);
    }

    private static TimeSeries upTo(double[] v, int minute) {
        return new TimeSeries(DAY0, MIN, java.util.Arrays.copyOf(v, minute));
    }

    private static RecurringBurstModel fitted(double[] v, int days) {
        return RecurringBurstModel.fit(upTo(v, days * 1440), SETTINGS).orElseThrow();
    }

    @Test
    void findsTheMinuteOfTheHourWhereBurstsRecur() {
        double[] v = trace(4 * 24, 1, -1);
        assertThat(fitted(v, 3).anchorOffsets()).containsExactly(Duration.ofMinutes(32));
    }

    @Test
    void coversAnOnsetFromStartupDelayBeforeItWithAHighChanceInTheHoursThatBurst() {
        double[] v = trace(4 * 24, 2, -1);
        RecurringBurstModel model = fitted(v, 3);
        int oddHour = 3 * 24 + 1;
        int now = oddHour * 60 + 32 - 3;
        List<BurstCover> covers = model.covers(upTo(v, now), time(now), D3);
        assertThat(covers).hasSize(1);
        BurstCover c = covers.get(0);
        assertThat(c.onset()).isEqualTo(time(oddHour * 60 + 32));
        assertThat(c.probability()).isGreaterThan(0.8);
        assertThat(c.level()).isBetween(98.0, 102.0);
        assertThat(c.peakDemand() / c.level()).isBetween(3.8, 4.3);
        assertThat(c.refuted()).isFalse();
    }

    @Test
    void givesALowChanceInTheHoursThatDoNotBurst() {
        double[] v = trace(4 * 24, 3, -1);
        RecurringBurstModel model = fitted(v, 3);
        int evenHour = 3 * 24 + 2;
        int now = evenHour * 60 + 32 - 3;
        List<BurstCover> covers = model.covers(upTo(v, now), time(now), D3);
        assertThat(covers).hasSize(1);
        assertThat(covers.get(0).probability()).isLessThan(0.2);
    }

    @Test
    void nothingIsNearBeforeTheStartupDelayOrAfterTheHold() {
        double[] v = trace(4 * 24, 4, -1);
        RecurringBurstModel model = fitted(v, 3);
        int onset = (3 * 24 + 1) * 60 + 32;
        assertThat(model.covers(upTo(v, onset - 4), time(onset - 4), D3)).isEmpty();
        assertThat(model.covers(upTo(v, onset + 3), time(onset + 3), D3)).isEmpty();
        assertThat(model.covers(upTo(v, onset + 2), time(onset + 2), D3)).hasSize(1);
    }

    @Test
    void anOnsetThatPassedWithoutABurstIsRefutedAndOneThatCameIsNot() {
        int skipped = 3 * 24 + 3;
        double[] v = trace(4 * 24, 5, skipped);
        RecurringBurstModel model = fitted(v, 3);
        int calm = skipped * 60 + 33;
        assertThat(model.covers(upTo(v, calm), time(calm), D3)).singleElement()
                .satisfies(c -> assertThat(c.refuted()).isTrue());
        int came = (skipped - 2) * 60 + 33;
        assertThat(model.covers(upTo(v, came), time(came), D3)).singleElement()
                .satisfies(c -> assertThat(c.refuted()).isFalse());
    }

    @Test
    void anOnsetWhoseDemandIsAGapIsNotRefuted() {
        double[] v = trace(4 * 24, 6, 3 * 24 + 3);
        int onset = (3 * 24 + 3) * 60 + 32;
        v[onset] = Double.NaN;
        RecurringBurstModel model = fitted(v, 3);
        assertThat(model.covers(upTo(v, onset + 1), time(onset + 1), D3)).singleElement()
                .satisfies(c -> assertThat(c.refuted()).isFalse());
    }

    @Test
    void learnsNothingFromDemandWithoutRecurringBursts() {
        double[] v = trace(3 * 24, 7, -1);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(v[i], 102);
        }
        assertThat(RecurringBurstModel.fit(series(v), SETTINGS)).isEmpty();
    }

    @Test
    void learnsNothingAtAStepThatDoesNotDivideAnHourOrIsCoarse() {
        assertThat(RecurringBurstModel.fit(new TimeSeries(DAY0, Duration.ofMinutes(7), new double[600]), SETTINGS))
                .isEmpty();
        assertThat(RecurringBurstModel.fit(new TimeSeries(DAY0, Duration.ofMinutes(30), new double[600]), SETTINGS))
                .isEmpty();
    }

    @Test
    void refusesRecentDemandAtAnotherStepNamingBoth() {
        RecurringBurstModel model = fitted(trace(4 * 24, 8, -1), 3);
        TimeSeries coarse = new TimeSeries(DAY0, Duration.ofMinutes(5), new double[10]);
        assertThatThrownBy(() -> model.covers(coarse, DAY0.plus(Duration.ofHours(1)), D3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT1M").hasMessageContaining("PT5M");
    }

    @Test
    void fittingIsDeterministic() {
        double[] v = trace(4 * 24, 9, -1);
        int now = (3 * 24 + 1) * 60 + 30;
        assertThat(fitted(v, 3).covers(upTo(v, now), time(now), D3))
                .isEqualTo(fitted(v, 3).covers(upTo(v, now), time(now), D3));
    }

    @Test
    void settingsRejectValuesThatCannotWorkNamingThem() {
        assertThatThrownBy(() -> new BurstSettings(1.0, 0.9, Duration.ofMinutes(3), 0.005, Duration.ofDays(3)))
                .hasMessageContaining("confirmRatio");
        assertThatThrownBy(() -> new BurstSettings(1.5, 0, Duration.ofMinutes(3), 0.005, Duration.ofDays(3)))
                .hasMessageContaining("heightQuantile");
        assertThatThrownBy(() -> new BurstSettings(1.5, 0.9, Duration.ZERO, 0.005, Duration.ofDays(3)))
                .hasMessageContaining("hold");
        assertThatThrownBy(() -> new BurstSettings(1.5, 0.9, Duration.ofMinutes(3), -1, Duration.ofDays(3)))
                .hasMessageContaining("costWeight");
        assertThatThrownBy(() -> new BurstSettings(1.5, 0.9, Duration.ofMinutes(3), 0.005, Duration.ofHours(2)))
                .hasMessageContaining("history");
    }

    private static Instant time(int minute) {
        return DAY0.plus(Duration.ofMinutes(minute));
    }
}

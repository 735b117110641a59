package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ObservedDemandTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration D3 = Duration.ofMinutes(3);
    private static final PolicySettings SETTINGS =
            PolicySettings.defaults().withSeasonalMemory(3, Duration.ofMinutes(5));

    /**
     * Three days and five minutes of demand 10 up to now, with: yesterday a peak of 50 inside the sizing
     * window and a level of 20 before the same clock time; two days ago a peak of 30 and a gap in the level
     * window; three days ago 99 just after the window; today 5, 5, 5, 5, 15 over the last five minutes.
     */
    private static TimeSeries history(int extraMinutesAfterNow) {
        Instant start = NOW.minus(DAY.multipliedBy(3)).minusSeconds(300);
        int n = 3 * 1440 + 5 + extraMinutesAfterNow;
        double[] v = new double[n];
        Arrays.fill(v, 10);
        TimeSeries blank = new TimeSeries(start, MIN, v);
        set(v, blank, NOW.plus(Duration.ofMinutes(5)).minus(DAY), 50);
        for (int m = 1; m <= 5; m++) {
            set(v, blank, NOW.minus(DAY).minus(Duration.ofMinutes(m)), 20);
            set(v, blank, NOW.minus(Duration.ofMinutes(m)), m == 1 ? 15 : 5);
        }
        set(v, blank, NOW.plus(Duration.ofMinutes(7)).minus(DAY.multipliedBy(2)), 30);
        set(v, blank, NOW.minus(Duration.ofMinutes(2)).minus(DAY.multipliedBy(2)), Double.NaN);
        set(v, blank, NOW.plus(Duration.ofMinutes(8)).minus(DAY.multipliedBy(3)), 99);
        for (int i = n - extraMinutesAfterNow; i < n; i++) {
            v[i] = 1000;
        }
        return new TimeSeries(start, MIN, v);
    }

    private static void set(double[] v, TimeSeries s, Instant at, double value) {
        v[(int) s.indexOf(at)] = value;
    }

    @Test
    void readsTheSameWindowPeaksAndLevelsOfEachRememberedDay() {
        Observed o = ObservedDemand.from(history(0), NOW, D3, SETTINGS);
        assertThat(o.sameWindowPeaks()).containsExactly(50.0, 30.0, 10.0);
        assertThat(o.sameTimeLevels()).containsExactly(20.0, 10.0, 10.0);
        assertThat(o.recentLevel()).isEqualTo(7.0);
        assertThat(o.lastRate()).isEqualTo(15.0);
        assertThat(o.levelScale(1)).isCloseTo(0.35, within(1e-12));
        assertThat(o.levelScale(2)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void ignoresDemandAtOrAfterNow() {
        Observed o = ObservedDemand.from(history(60), NOW, D3, SETTINGS);
        assertThat(o.lastRate()).isEqualTo(15.0);
        assertThat(o.recentLevel()).isEqualTo(7.0);
        assertThat(o.sameWindowPeaks()).containsExactly(50.0, 30.0, 10.0);
    }

    @Test
    void leavesDaysBeforeTheHistoryUnknown() {
        TimeSeries full = history(0);
        TimeSeries lastDay = full.between(NOW.minus(DAY).minus(Duration.ofMinutes(5)), NOW);
        Observed o = ObservedDemand.from(lastDay, NOW, D3, SETTINGS);
        assertThat(o.sameWindowPeaks()).containsExactly(50.0, Double.NaN, Double.NaN);
        assertThat(o.sameTimeLevels()).containsExactly(20.0, Double.NaN, Double.NaN);
        assertThat(o.levelScale(2)).isEqualTo(1.0);
    }

    @Test
    void reportsAGapAsTheNewestRateAsUnknown() {
        double[] v = new double[10];
        Arrays.fill(v, 10);
        v[9] = Double.NaN;
        TimeSeries s = new TimeSeries(NOW.minus(Duration.ofMinutes(10)), MIN, v);
        Observed o = ObservedDemand.from(s, NOW, D3, SETTINGS);
        assertThat(o.lastRate()).isNaN();
        assertThat(o.recentLevel()).isEqualTo(10.0);
    }

    @Test
    void readsNoLevelsWithoutALevelWindow() {
        Observed o = ObservedDemand.from(history(0), NOW, D3, PolicySettings.defaults());
        assertThat(o.sameWindowPeaks()).containsExactly(50.0, 30.0, 10.0);
        assertThat(o.sameTimeLevels()).isEmpty();
        assertThat(o.recentLevel()).isNaN();
        assertThat(o.levelScale(1)).isEqualTo(1.0);
    }

    @Test
    void remembersNothingWithoutMemoryDays() {
        Observed o = ObservedDemand.from(history(0), NOW, D3, SETTINGS.withSeasonalMemory(0, Duration.ZERO));
        assertThat(o.sameWindowPeaks()).isEqualTo(List.of());
        assertThat(o.lastRate()).isEqualTo(15.0);
    }

    @Test
    void readsTheStepBeforeNowOnEachRememberedDayOnlyWithTheBurstCoverOn() {
        PolicySettings withBursts = SETTINGS.withBursts(java.util.Optional.of(
                dev.prescient.common.policy.burst.BurstSettings.defaults()));
        Observed on = ObservedDemand.from(history(0), NOW, D3, withBursts, java.util.Optional.empty());
        assertThat(on.sameTimeLastRates()).containsExactly(20.0, 10.0, 10.0);
        assertThat(on.bursts()).isEmpty();
        Observed off = ObservedDemand.from(history(0), NOW, D3, SETTINGS, java.util.Optional.empty());
        assertThat(off.sameTimeLastRates()).isEmpty();
    }
}

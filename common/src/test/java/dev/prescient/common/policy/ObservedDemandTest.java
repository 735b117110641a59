package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObservedDemandTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration D3 = Duration.ofMinutes(3);
    private static final PolicySettings SETTINGS = PolicySettings.defaults();
    private static final double NAN = Double.NaN;

    /**
     * Eight days and ten minutes of demand 10 up to now. The sizing window is [now + 3, now + 8) and the level window
     * the 5 minutes before the same clock time. Day 1: peak 50 at +5, level 20. Day 2: 30 at +7 (the window's last
     * minute), one gap in the level window. Day 3: 99 at +8 (just after the window), level 5, 10, 15, 20, 25. Day 4:
     * 70 at +3 (the window's first minute). Day 5: the window and the level window are gaps. Day 6: 60 at +6. Day 7:
     * 40 at +4. Day 8 (not remembered): 500 at +5, the highest demand of the history. Today: 5, 5, 5, 5, 15. Then
     * {@code after} minutes of 1000 from now on.
     */
    private static TimeSeries history(int after) {
        Instant start = NOW.minus(DAY.multipliedBy(8)).minus(Duration.ofMinutes(10));
        int n = 8 * 1440 + 10 + after;
        double[] v = new double[n];
        Arrays.fill(v, 10);
        TimeSeries blank = new TimeSeries(start, MIN, v);
        set(v, blank, 1, 5, 50);
        set(v, blank, 2, 7, 30);
        set(v, blank, 3, 8, 99);
        set(v, blank, 4, 3, 70);
        set(v, blank, 6, 6, 60);
        set(v, blank, 7, 4, 40);
        set(v, blank, 8, 5, 500);
        for (int m = 3; m < 8; m++) {
            set(v, blank, 5, m, NAN);
        }
        for (int m = 1; m <= 5; m++) {
            set(v, blank, 1, -m, 20);
            set(v, blank, 3, -m, 30 - 5 * m);
            set(v, blank, 5, -m, NAN);
            set(v, blank, 0, -m, m == 1 ? 15 : 5);
        }
        set(v, blank, 2, -2, NAN);
        for (int i = n - after; i < n; i++) {
            v[i] = 1000;
        }
        return new TimeSeries(start, MIN, v);
    }

    /** The value at {@code minute} minutes after the decision time {@code daysBack} days earlier. */
    private static void set(double[] v, TimeSeries s, int daysBack, int minute, double value) {
        v[(int) s.indexOf(NOW.minus(DAY.multipliedBy(daysBack)).plus(Duration.ofMinutes(minute)))] = value;
    }

    @Test
    void readsTheSameWindowPeakAndTheLevelOfEachOfSevenDays() {
        Observed o = ObservedDemand.from(history(0), NOW, D3, SETTINGS);

        assertThat(o.sameWindowPeaks()).containsExactly(50.0, 30.0, 10.0, 70.0, NAN, 60.0, 40.0);
        assertThat(o.sameTimeLevels()).containsExactly(20.0, 10.0, 15.0, 10.0, NAN, 10.0, 10.0);
        assertThat(o.recentLevel()).isEqualTo(7.0);
        assertThat(o.lastRate()).isEqualTo(15.0);
        assertThat(o.historyPeak()).isEqualTo(500.0);
        assertThat(o.levelScale(1)).isCloseTo(0.35, within(1e-12));
        assertThat(o.levelScale(3)).isCloseTo(7.0 / 15, within(1e-12));
        assertThat(o.levelScale(5)).as("that day's level unknown").isEqualTo(1.0);
        assertThat(o.remembered(3)).isCloseTo(21.0, within(1e-12)); // 30 × 7 / 10 on day 2
        assertThat(o.remembered(7)).isCloseTo(70.0 * 0.7, within(1e-12));
    }

    @Test
    void usesOnlyValuesBeforeNow() {
        Observed with = ObservedDemand.from(history(60), NOW, D3, SETTINGS);
        Observed without = ObservedDemand.from(history(0), NOW, D3, SETTINGS);

        assertThat(with).isEqualTo(without);
        assertThat(with.historyPeak()).isEqualTo(500.0);
        assertThat(with.lastRate()).isEqualTo(15.0);
    }

    @ParameterizedTest(name = "D = {0} min, interval {1} min -> {2}")
    @CsvSource(delimiter = '|', value = {
        "3 | 5 | 50, 30, 10, 70, NaN, 60, 40",
        "2 | 5 | 50, 10, 10, 70, 10, 60, 40",
        "4 | 5 | 50, 30, 99, 10, 10, 60, 40",
        "5 | 1 | 50, 10, 10, 10, NaN, 10, 10",
        "3 | 10 | 50, 30, 99, 70, 10, 60, 40",
    })
    void followsTheSizingWindowFromStartupDelayOverOneInterval(int delay, int interval, String peaks) {
        Observed o = ObservedDemand.from(history(0), NOW, Duration.ofMinutes(delay),
                SETTINGS.withDecisionInterval(Duration.ofMinutes(interval)));

        assertThat(o.sameWindowPeaks()).containsExactlyElementsOf(Arrays.stream(peaks.split(","))
                .map(s -> Double.parseDouble(s.trim())).toList());
    }

    @Test
    void leavesDaysBeforeTheHistoryUnknown() {
        TimeSeries lastDay = history(0).between(NOW.minus(DAY).minus(Duration.ofMinutes(5)), NOW);
        Observed o = ObservedDemand.from(lastDay, NOW, D3, SETTINGS);

        assertThat(o.sameWindowPeaks()).containsExactly(50.0, NAN, NAN, NAN, NAN, NAN, NAN);
        assertThat(o.sameTimeLevels()).containsExactly(20.0, NAN, NAN, NAN, NAN, NAN, NAN);
        assertThat(o.historyPeak()).isEqualTo(50.0);
        assertThat(o.levelScale(2)).isEqualTo(1.0);
    }

    @Test
    void readsAGapAsTheNewestRateAsUnknown() {
        double[] v = new double[10];
        Arrays.fill(v, 10);
        v[9] = NAN;
        Observed o = ObservedDemand.from(new TimeSeries(NOW.minus(Duration.ofMinutes(10)), MIN, v), NOW, D3,
                SETTINGS);

        assertThat(o.lastRate()).isNaN();
        assertThat(o.recentLevel()).isEqualTo(10.0); // the 4 known values of the last 5 minutes
        assertThat(o.historyPeak()).isEqualTo(10.0);
    }

    @Test
    void knowsNothingFromAHistoryOfGaps() {
        double[] v = new double[3 * 1440];
        Arrays.fill(v, NAN);
        Observed o = ObservedDemand.from(new TimeSeries(NOW.minus(Duration.ofDays(3)), MIN, v), NOW, D3, SETTINGS);

        assertThat(o.lastRate()).isNaN();
        assertThat(o.recentLevel()).isNaN();
        assertThat(o.historyPeak()).isNaN();
        assertThat(o.sameWindowPeaks()).isEqualTo(Collections.nCopies(7, NAN));
        assertThat(o.remembered(7)).isNaN();
    }

    @Test
    void knowsNothingFromAHistoryThatStartsAfterNow() {
        double[] v = new double[60];
        Arrays.fill(v, 10);
        Observed o = ObservedDemand.from(new TimeSeries(NOW.plus(MIN), MIN, v), NOW, D3, SETTINGS);

        assertThat(o.lastRate()).isNaN();
        assertThat(o.recentLevel()).isNaN();
        assertThat(o.historyPeak()).isNaN();
        assertThat(o.sameWindowPeaks()).isEqualTo(Collections.nCopies(7, NAN));
    }

    @Test
    void readsNoLevelsWithoutALevelWindow() {
        PolicySettings d = PolicySettings.defaults();
        PolicySettings noLevel = new PolicySettings(d.decisionInterval(), d.scaleDownStabilization(),
                d.maxScaleDownStep(), d.scaleUpMaxPercent(), d.scaleUpMaxPods(), d.maxForecastAge(),
                d.holdOnFallback(), Duration.ZERO, d.maxForecastRatio());
        Observed o = ObservedDemand.from(history(0), NOW, D3, noLevel);

        assertThat(o.sameWindowPeaks()).containsExactly(50.0, 30.0, 10.0, 70.0, NAN, 60.0, 40.0);
        assertThat(o.sameTimeLevels()).isEqualTo(Collections.nCopies(7, NAN));
        assertThat(o.recentLevel()).isNaN();
        assertThat(o.levelScale(1)).isEqualTo(1.0);
        assertThat(o.remembered(7)).isEqualTo(70.0);
    }

    @Test
    void rememberedPeaksCountAsTheyWereWithoutLevels() {
        Observed o = new Observed(12, List.of(80.0, NAN, 90.0));

        assertThat(o.remembered(1)).isEqualTo(80.0);
        assertThat(o.remembered(2)).isEqualTo(80.0);
        assertThat(o.remembered(3)).isEqualTo(90.0);
        assertThat(o.remembered(0)).isNaN();
        assertThat(o.historyPeak()).isNaN();
        assertThat(Observed.none().remembered(7)).isNaN();
    }
}

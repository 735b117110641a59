package dev.prescient.common.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesSpliceTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final double NAN = Double.NaN;

    private static TimeSeries at(int minute, double... values) {
        return new TimeSeries(T0.plus(MINUTE.multipliedBy(minute)), MINUTE, values);
    }

    @Test
    void theNewestPartWinsWhereItHasAValueAndTheKeptSeriesElsewhere() {
        TimeSeries kept = at(0, 1, 2, 3, 4, NAN, 6);        // minutes 0..5, the newest still a gap
        TimeSeries newest = at(3, 40, 50, 60, 70, 80);        // minutes 3..7: late samples, two new minutes
        TimeSeries spliced = SeriesSplice.splice(kept, newest, T0.plus(MINUTE), T0.plus(MINUTE.multipliedBy(8)));
        assertThat(spliced).isEqualTo(at(1, 2, 3, 40, 50, 60, 70, 80));
    }

    @Test
    void aGapInTheNewestPartKeepsTheValueKeptAndAGapInBothStaysAGap() {
        TimeSeries kept = at(0, 1, 2, 3, NAN);
        TimeSeries newest = at(2, NAN, NAN, 5);              // minute 2 lost its interpolating neighbour
        TimeSeries spliced = SeriesSplice.splice(kept, newest, T0, T0.plus(MINUTE.multipliedBy(5)));
        assertThat(spliced.values()).containsExactly(1, 2, 3, NAN, 5);
    }

    @Test
    void nothingNewerMovesTheKeptSeriesToTheWindowWithGapsPastItsEnd() {
        TimeSeries spliced = SeriesSplice.splice(at(0, 1, 2, 3), null, T0.plus(MINUTE), T0.plus(MINUTE.multipliedBy(4)));
        assertThat(spliced.values()).containsExactly(2, 3, NAN);
        assertThat(spliced.start()).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void refusesSeriesOnDifferentSteps() {
        TimeSeries fiveMinutes = new TimeSeries(T0, Duration.ofMinutes(5), new double[] {1});
        assertThatThrownBy(() -> SeriesSplice.splice(at(0, 1), fiveMinutes, T0, T0.plus(MINUTE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT5M");
    }
}

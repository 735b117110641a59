package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SegmentsTest {

    private static final int HISTORY = 2 * 1440;

    @Test
    void aTraceWithoutGapsIsOneSegmentSimulatedAfterItsHistory() {
        double[] d = new double[4 * 1440];
        Arrays.fill(d, 5);

        assertThat(Segments.find("trace t.csv", d, HISTORY)).containsExactly(new Segment(0, HISTORY, 4 * 1440));
    }

    @Test
    void aLongGapSplitsTheTraceAndEachPartStartsWithItsOwnHistory() {
        double[] d = new double[12 * 1440];
        Arrays.fill(d, 5);
        Arrays.fill(d, 4 * 1440, 7 * 1440, Double.NaN);

        assertThat(Segments.find("trace t.csv", d, HISTORY)).containsExactly(
                new Segment(0, HISTORY, 4 * 1440),
                new Segment(7 * 1440, 7 * 1440 + HISTORY, 12 * 1440));
    }

    @Test
    void aGapShorterThanTheHistoryIsBridgedInsideItsSegment() {
        double[] d = new double[10 * 1440];
        Arrays.fill(d, 5);
        d[1440] = Double.NaN;
        Arrays.fill(d, 6 * 1440, 6 * 1440 + 180, Double.NaN);

        Segment only = Segments.find("trace t.csv", d, HISTORY).get(0);

        assertThat(Segments.find("trace t.csv", d, HISTORY)).containsExactly(new Segment(0, HISTORY, 10 * 1440,
                List.of(new Segment.Gap(1440, 1441), new Segment.Gap(6 * 1440, 6 * 1440 + 180))));
        assertThat(only.spanMinutes()).isEqualTo(8 * 1440);
        // the one-minute gap lies in the history; the three hours are not simulated
        assertThat(only.simulatedMinutes()).isEqualTo(8 * 1440 - 180);
        assertThat(only.simulates(6 * 1440 + 179)).isFalse();
        assertThat(only.simulates(6 * 1440 + 180)).isTrue();
        assertThat(only.simulates(HISTORY - 1)).isFalse();
    }

    @Test
    void aPartTooShortForHistoryPlusADayIsSkipped() {
        double[] d = new double[12 * 1440];
        Arrays.fill(d, 5);
        Arrays.fill(d, 2 * 1440, 4 * 1440, Double.NaN);

        // [0, 2880) is exactly the history with no day to simulate; the gap after it is as long as the history
        assertThat(Segments.find("trace t.csv", d, HISTORY)).containsExactly(
                new Segment(4 * 1440, 6 * 1440, 12 * 1440));
    }

    @Test
    void refusesATraceWithNoLongEnoughPartNamingTheLongest() {
        double[] d = new double[9 * 1440];
        Arrays.fill(d, 5);
        Arrays.fill(d, 2 * 1440, 4 * 1440, Double.NaN);
        Arrays.fill(d, 6 * 1440, 8 * 1440, Double.NaN);

        assertThatThrownBy(() -> Segments.find("trace t.csv", d, HISTORY))
                .hasMessageContaining("trace t.csv has no stretch of at least 4320 minutes")
                .hasMessageContaining("without a gap as long as the history")
                .hasMessageContaining("its longest is 2880 minutes").hasMessageContaining("--history");
    }
}

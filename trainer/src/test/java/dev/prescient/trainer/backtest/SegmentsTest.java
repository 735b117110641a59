package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

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
    void aPartTooShortForHistoryPlusADayIsSkipped() {
        double[] d = new double[10 * 1440];
        Arrays.fill(d, 5);
        d[2 * 1440] = Double.NaN;

        // [0, 2880) is exactly the history with no day to simulate; the rest is long enough
        assertThat(Segments.find("trace t.csv", d, HISTORY)).containsExactly(
                new Segment(2 * 1440 + 1, 4 * 1440 + 1, 10 * 1440));
    }

    @Test
    void refusesATraceWithNoLongEnoughPartNamingTheLongest() {
        double[] d = new double[5 * 1440];
        Arrays.fill(d, 5);
        d[2 * 1440] = Double.NaN;
        d[4 * 1440] = Double.NaN;

        assertThatThrownBy(() -> Segments.find("trace t.csv", d, HISTORY))
                .hasMessageContaining("trace t.csv has no stretch without long gaps of at least 4320 minutes")
                .hasMessageContaining("its longest is 2880 minutes").hasMessageContaining("--history");
    }
}

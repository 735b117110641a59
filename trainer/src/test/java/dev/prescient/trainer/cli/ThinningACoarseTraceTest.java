package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.PoissonThinning;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@code --thin-to} on a shipped 5-minute trace: drawn at the trace's own points, as its counts were made. */
class ThinningACoarseTraceTest {

    private static final Path TRACES = Path.of(System.getProperty("prescient.traces.dir", "../data/traces"));

    @Test
    void theShippedNabTraceIsThinnedEveryFiveMinutes() {
        Path goog = TRACES.resolve("nab-Twitter_volume_GOOG.csv");
        assertThat(BacktestInput.pointEveryMinutes(goog)).isEqualTo(5);
        assertThat(BacktestInput.pointEveryMinutes(TRACES.resolve("twitter-2021-08-per-minute.csv")))
                .isEqualTo(1);

        TimeSeries s = BacktestInput.readTrace(goog, null, null);
        double[] t = PoissonThinning.thin(s, 10, 42, 5).values();
        int integral = 0;
        int known = 0;
        double sum = 0;
        for (int i = 0; i < t.length; i += 5) {
            if (!Double.isNaN(t[i])) {
                known++;
                sum += t[i];
                integral += t[i] == Math.rint(t[i]) ? 1 : 0;
            }
        }
        assertThat(known).isGreaterThan(15_000);
        assertThat(integral).isEqualTo(known);
        assertThat(sum / known).isCloseTo(10, within(0.2));
        // between two points, the minutes lie on the straight line between the draws
        assertThat(t[2]).isCloseTo(t[0] + (t[5] - t[0]) * 2 / 5.0, within(1e-9));
    }

}

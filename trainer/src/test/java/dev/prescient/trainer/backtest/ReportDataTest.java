package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.Forecast;

import java.time.Duration;
import java.time.Instant;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportDataTest {

    @ParameterizedTest
    @CsvSource({"381.58, 1", "5, 0.01", "12000, 100", "0.4, 0.001"})
    void roundsRatesToAHundredthOfTheOrderOfC(double capacityPerPod, double quantum) {
        assertThat(ReportData.quantum(capacityPerPod)).isEqualTo(quantum);
    }

    @Test
    void deltaEncodesRoundedRatesAndKeepsGapsAsNull() {
        assertThat(ReportData.deltas(new double[] {10.4, 12, Double.NaN, 11.6, 11}, 1).toString())
                .isEqualTo("[10,2,null,0,-1]");
    }

    @Test
    void runLengthEncodesPodCounts() {
        assertThat(ReportData.runs(new int[] {3, 3, 3, 5, 2, 2}).toString()).isEqualTo("[3,3,5,1,2,2]");
        assertThat(ReportData.runs(new int[0]).toString()).isEqualTo("[]");
    }

    @Test
    void stitchesTheLatestForecastAndCoversAMissingOriginWithTheEarlierOne() {
        // origins at 10 and 20 (not 15), horizon 8: minutes 10..17 from origin 10, 18..19 uncovered, 20.. from 20
        ForecastTrack track = new ForecastTrack("t");
        track.put(10, forecast(10, 100));
        track.put(20, forecast(20, 200));
        Scenario s = new Scenario(10, 0, 1, 10, 30);

        double[][] q = ReportData.stitched(track, s);

        assertThat(q[0][0]).isEqualTo(100);
        assertThat(q[0][7]).isEqualTo(107);
        assertThat(q[0][8]).isNaN();
        assertThat(q[1][9]).isNaN();
        assertThat(q[0][10]).isEqualTo(200);
        assertThat(q[1][13]).isEqualTo(2 * 203);
    }

    @Test
    void usesAForecastMadeBeforeTheFirstSimulatedMinute() {
        ForecastTrack track = new ForecastTrack("t");
        track.put(8, forecast(8, 100));
        Scenario s = new Scenario(10, 0, 1, 10, 20);

        assertThat(ReportData.stitched(track, s)[0][0]).isEqualTo(102);
    }

    @Test
    void spansEverySegmentAndLeavesTheMinutesBetweenThemWithoutForecast() {
        // simulated 10..20 and 35..45; the forecast made at 18 would reach 25
        ForecastTrack track = new ForecastTrack("t");
        track.put(18, forecast(18, 100));
        track.put(35, forecast(35, 300));
        Scenario s = new Scenario(10, 0, 1, List.of(new Segment(0, 10, 20), new Segment(25, 35, 45)));

        double[][] q = ReportData.stitched(track, s);

        assertThat(q[0]).hasSize(35);
        assertThat(q[0][9]).isEqualTo(101);
        assertThat(q[0][10]).isNaN();
        assertThat(q[1][14]).isNaN();
        assertThat(q[0][25]).isEqualTo(300);
        assertThat(q[0][32]).isEqualTo(307);
        assertThat(q[0][34]).isNaN();
    }

    /** p50 = base + step, p90 = 2 × p50, over 8 one-minute steps. */
    private static Forecast forecast(int origin, double base) {
        double[] p50 = new double[8];
        double[] p90 = new double[8];
        for (int k = 0; k < 8; k++) {
            p50[k] = base + k;
            p90[k] = 2 * p50[k];
        }
        return new Forecast(Instant.EPOCH.plus(Duration.ofMinutes(origin)), Duration.ofMinutes(1), p50, p90);
    }
}

package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SignalTest {

    @ParameterizedTest
    @CsvSource({"raw, 0", "RAW, 0", "rate:5m, 5", "rate:1m, 1", "rate:2h, 120", " rate:10m , 10"})
    void parsesRawAndRateWindows(String text, int minutes) {
        assertThat(Signal.parse(text).windowMinutes()).isEqualTo(minutes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "rate", "rate:", "rate:5", "rate:0m", "rate:30s", "rate:25h", "mean:5m", "rate:xm"})
    void refusesAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> Signal.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signal '" + text + "'").hasMessageContaining("rate:5m");
    }

    @Test
    void rawIsTheDemandItself() {
        double[] demand = {1, 2, 3};
        assertThat(Signal.RAW.of(demand)).containsExactly(1, 2, 3);
        assertThat(Signal.RAW).hasToString("raw");
    }

    @Test
    void rateIsTheTrailingMeanOverTheWindowEndingAtEachMinute() {
        double[] demand = {10, 20, 30, 40, 50, 60, 0};
        // the first minutes average what is known so far; then (m - 3, m]
        assertThat(Signal.parse("rate:3m").of(demand)).containsExactly(10, 15, 20, 30, 40, 50, 110.0 / 3);
        assertThat(Signal.parse("rate:3m")).hasToString("rate:3m");
    }

    @Test
    void aRateFlattensAndDelaysABurstOnset() {
        double[] demand = {100, 100, 100, 100, 100, 600, 600, 600, 600, 600, 600, 100};
        double[] seen = Signal.parse("rate:5m").of(demand);
        // the burst starts at minute 5; the rate reaches it only at minute 9, four minutes later
        assertThat(seen[5]).isEqualTo(200);
        assertThat(seen[8]).isEqualTo(500);
        assertThat(seen[9]).isEqualTo(600);
    }

    @Test
    void aGapStaysAGapAndIsLeftOutOfTheMeansAroundIt() {
        double[] demand = {10, Double.NaN, 30, 50};
        double[] seen = Signal.parse("rate:2m").of(demand);
        assertThat(seen[1]).isNaN();
        assertThat(seen[2]).isEqualTo(30);
        assertThat(seen[3]).isEqualTo(40);
    }
}

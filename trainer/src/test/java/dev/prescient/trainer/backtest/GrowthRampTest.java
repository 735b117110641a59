package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrowthRampTest {

    private static final Instant T = Instant.parse("2021-08-11T00:00:00Z");

    @Test
    void risesLinearlyFromOneAtTheFirstPointToTheFactorAtTheLastAndKeepsGaps() {
        TimeSeries s = new TimeSeries(T, Duration.ofMinutes(1), new double[] {10, 10, Double.NaN, 10, 10});

        TimeSeries out = new GrowthRamp(3).apply(s);

        assertThat(out.values()).containsExactly(10, 15, Double.NaN, 25, 30);
        assertThat(out.start()).isEqualTo(T);
        assertThat(s.values()).containsExactly(10, 10, Double.NaN, 10, 10);
    }

    @Test
    void aFactorBelowOneIsASteadyDecline() {
        TimeSeries s = new TimeSeries(T, Duration.ofMinutes(1), new double[] {8, 8, 8});

        assertThat(new GrowthRamp(0.5).apply(s).values()).containsExactly(8, 6, 4);
        assertThat(new GrowthRamp(0.5)).hasToString("demand grown linearly ×1 → ×0.5 over the trace");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesAFactorThatIsNotAPositiveNumber(double factor) {
        assertThatThrownBy(() -> new GrowthRamp(factor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--grow-to must be a positive number").hasMessageEndingWith("got " + factor);
    }
}

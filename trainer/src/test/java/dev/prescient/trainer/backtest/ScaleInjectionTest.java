package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleInjectionTest {

    private static final Instant T = Instant.parse("2021-08-11T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2021-08-11T00:00:00Z:2     | 2021-08-11T00:00:00Z | 2.0  | ×2 from 2021-08-11T00:00:00Z",
        "2021-08-11T06:30:00Z:0.5   | 2021-08-11T06:30:00Z | 0.5  | ×0.5 from 2021-08-11T06:30:00Z",
        "2021-08-11T00:00:00.5Z:1.25 | 2021-08-11T00:00:00.500Z | 1.25 | ×1.25 from 2021-08-11T00:00:00.500Z",
    })
    void readsAnInstantAndAFactor(String text, Instant at, double factor, String shown) {
        ScaleInjection i = ScaleInjection.parse(text);

        assertThat(i).isEqualTo(new ScaleInjection(at, factor));
        assertThat(i.toString()).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2                        | cannot read scale injection '2'; expected <ISO-8601 instant>:<factor>",
        "2021-08-11:2             | cannot read scale injection '2021-08-11:2': Text '2021-08-11' could not be parsed",
        "2021-08-11T00:00:00Z:x   | cannot read scale injection '2021-08-11T00:00:00Z:x': For input string: \"x\"",
        "2021-08-11T00:00:00Z:0   | injected scale factor must be a positive number, got 0.0",
        "2021-08-11T00:00:00Z:-2  | injected scale factor must be a positive number, got -2.0",
    })
    void refusesTextItCannotReadNamingIt(String text, String message) {
        assertThatThrownBy(() -> ScaleInjection.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void multipliesEveryValueFromItsInstantOnAndKeepsGaps() {
        TimeSeries s = new TimeSeries(T.minusSeconds(120), Duration.ofMinutes(1),
                new double[] {10, 10, 10, Double.NaN, 10, 10});
        List<ScaleInjection> two = List.of(new ScaleInjection(T, 2), new ScaleInjection(T.plusSeconds(180), 3));

        TimeSeries out = ScaleInjection.applyAll(s, two);

        assertThat(out.values()).containsExactly(10, 10, 20, Double.NaN, 20, 60);
        assertThat(out.start()).isEqualTo(s.start());
        assertThat(ScaleInjection.applyAll(s, List.of())).isSameAs(s);
    }
}

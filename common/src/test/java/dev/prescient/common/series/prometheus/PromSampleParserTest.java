package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.Sample;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromSampleParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[1627776000, \"2786\"]         | 2786.0    | 2021-08-01T00:00:00Z",
            "[1627776000.123, \"1.5\"]      | 1.5       | 2021-08-01T00:00:00.123Z",
            "[1627776060.5, \"1e3\"]        | 1000.0    | 2021-08-01T00:01:00.500Z",
            "[1627776000, \"NaN\"]          | NaN       | 2021-08-01T00:00:00Z",
            "[1627776000, \"+Inf\"]         | Infinity  | 2021-08-01T00:00:00Z",
            "[1627776000, \"Inf\"]          | Infinity  | 2021-08-01T00:00:00Z",
            "[1627776000, \"-Inf\"]         | -Infinity | 2021-08-01T00:00:00Z",
            "[1627776000, \"-0.25\"]        | -0.25     | 2021-08-01T00:00:00Z",
    })
    void readsPrometheusPairsIncludingNanAndInfinity(String json, double value, String time) throws Exception {
        Sample sample = PromSampleParser.parse(JSON.readTree(json));

        assertThat(Double.valueOf(sample.value())).isEqualTo(Double.valueOf(value));
        assertThat(sample.time()).isEqualTo(Instant.parse(time));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[1627776000, \"many\"]       | not a Prometheus sample value: 'many'",
            "[\"1627776000\", \"1\"]      | expected [unixSeconds, \"value\"], got [\"1627776000\",\"1\"]",
            "[1627776000]                 | expected [unixSeconds, \"value\"], got [1627776000]",
            "{\"t\": 1}                   | expected [unixSeconds, \"value\"], got {\"t\":1}",
    })
    void rejectsPairsThatAreNotTimeAndValue(String json, String message) throws Exception {
        assertThatThrownBy(() -> PromSampleParser.parse(JSON.readTree(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}

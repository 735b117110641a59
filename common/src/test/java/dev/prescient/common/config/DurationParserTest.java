package dev.prescient.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "30s, PT30S",
            "5m, PT5M",
            "2h, PT2H",
            "3d, PT72H",
            "0s, PT0S",
            "' 90s ', PT1M30S",
            "PT5M, PT5M",
            "P3D, PT72H",
            "PT1H30M, PT1H30M",
            "PT0.5S, PT0.5S",
            "PT-5M, PT-5M",
    })
    void parsesShortAndIsoForms(String text, String expected) {
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3days", "5", "m", "1.5h", "-5m", "5 m", "5M", "1h30m", "P", "PTM", "3w", "Pancake"})
    void rejectsOtherTextNamingItAndTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot parse duration '" + text + "'; use a whole number with unit s, m, h or d"
                        + " (30s, 5m, 2h, 3d) or ISO-8601 (PT5M)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rejectsEmptyText(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .hasMessage("cannot parse an empty duration; use a whole number with unit s, m, h or d"
                        + " (30s, 5m, 2h, 3d) or ISO-8601 (PT5M)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT72H, 3d",
            "PT24H, 1d",
            "PT25H, 25h",
            "PT1H, 1h",
            "PT90M, 90m",
            "PT5M, 5m",
            "PT90S, 90s",
            "PT1S, 1s",
            "PT0S, 0s",
            "PT0.5S, PT0.5S",
            "PT-5M, PT-5M",
    })
    void formatsInTheLargestWholeUnit(String iso, String expected) {
        assertThat(DurationParser.format(Duration.parse(iso))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT72H", "PT25H", "PT90S", "PT0S", "PT0.25S", "P10000D"})
    void parsesWhatItFormats(String iso) {
        Duration d = Duration.parse(iso);

        assertThat(DurationParser.parse(DurationParser.format(d))).isEqualTo(d);
    }
}

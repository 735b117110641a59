package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "5m, PT5M", "24h, PT24H", "3d, PT72H", "PT30M, PT30M"})
    void readsShortAndIsoDurations(String text, String expected) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void rejectsOtherTextSayingWhatToWrite() {
        assertThatThrownBy(() -> new DurationConverter().convert("5 minutes"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("cannot parse duration '5 minutes'; use a whole number with unit s, m, h or d (30s, 5m, 2h, 3d)"
                        + " or ISO-8601 (PT5M)");
    }
}

package dev.prescient.trainer.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SizingTableTest {

    static Stream<Arguments> headrooms() {
        return Stream.of(
                Arguments.of(Headroom.uniform(1.25), "1.250 spreads pooled"),
                Arguments.of(new Headroom(0.8, 60, 5, Map.of(7, 1.9, 0, 2.4, 6, 3.1)),
                        "0.800 spreads pooled; :00-:04 2.400; :30-:34 3.100; :35-:39 1.900"),
                Arguments.of(new Headroom(0.5, 60, 15, Map.of(3, 1.0)), "0.500 spreads pooled; :45-:59 1.000"),
                Arguments.of(new Headroom(0.6, 1440, 60, Map.of(23, 0.9, 14, 1.7)),
                        "0.600 spreads pooled; 14:00-14:59 1.700; 23:00-23:59 0.900"),
                Arguments.of(new Headroom(0.4, 1440, 5, Map.of(282, 2.0, 18, 6.5)),
                        "0.400 spreads pooled; 01:30-01:34 6.500; 23:30-23:34 2.000"));
    }

    @ParameterizedTest
    @MethodSource("headrooms")
    void printsThePooledHeadroomThenEachPhaseOfItsCycleInOrder(Headroom headroom, String expected) {
        assertThat(SizingTable.headroom(headroom)).isEqualTo(expected);
    }

    @Test
    void printsTheBoundTheSettingWasChosenWithinWhenRecorded() {
        Sizing.Floor floor = new Sizing.Floor(Headroom.uniform(1.0), 0, 0);
        Sizing.Reactive reactive = new Sizing.Reactive(0.7, 5);
        Sizing tightened = new Sizing(1.0, 5, 3, Optional.of(floor), reactive,
                new Sizing.Calibration(1440, 0.62, 1.1, 100, 120, 800, true, 0.75));
        Sizing unrecorded = new Sizing(1.0, 5, 3, Optional.of(floor), reactive,
                new Sizing.Calibration(1440, 0.62, 1.1, 100, 120, 800, true));

        assertThat(render(tightened)).contains("0.62 % of 1440 minutes short vs SLO 1.00 %: "
                + "meets SLO; chosen within 0.75 % (the SLO tightened for how much more often a choice was short on a "
                + "day left out)" + System.lineSeparator());
        assertThat(render(unrecorded))
                .contains("0.62 % of 1440 minutes short vs SLO 1.00 %: meets SLO" + System.lineSeparator()).doesNotContain("chosen within");
    }

    private static String render(Sizing sizing) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        SizingTable.of(Optional.of(sizing)).print(out);
        out.flush();
        return text.toString();
    }
}

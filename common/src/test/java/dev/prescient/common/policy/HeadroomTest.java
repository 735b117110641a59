package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadroomTest {

    private static final Headroom UNIFORM = Headroom.uniform(0.7);
    /** Minutes 30–34 of every hour at 3.0, minutes 55–59 at 1.5, the rest at 0.5. */
    private static final Headroom HOURLY = new Headroom(0.5, 60, 5, Map.of(6, 3.0, 11, 1.5));
    /** 10:00–10:59 at 3.0, the rest at -0.25. */
    private static final Headroom DAILY = new Headroom(-0.25, 1440, 60, Map.of(10, 3.0));

    static Stream<Arguments> phases() {
        return Stream.of(
                // headroom, minute of the day -> headroom there
                Arguments.of("uniform", UNIFORM, 0, 0.7),
                Arguments.of("uniform", UNIFORM, 633, 0.7),
                Arguments.of("uniform", UNIFORM, 1439, 0.7),
                Arguments.of("hourly", HOURLY, 30, 3.0),
                Arguments.of("hourly", HOURLY, 34, 3.0),
                Arguments.of("hourly", HOURLY, 35, 0.5),
                Arguments.of("hourly", HOURLY, 29, 0.5),
                Arguments.of("hourly", HOURLY, 633, 3.0),
                Arguments.of("hourly", HOURLY, 59, 1.5),
                Arguments.of("hourly", HOURLY, 1439, 1.5),
                Arguments.of("hourly", HOURLY, -1, 1.5),
                Arguments.of("hourly", HOURLY, 1440, 0.5),
                Arguments.of("daily", DAILY, 600, 3.0),
                Arguments.of("daily", DAILY, 659, 3.0),
                Arguments.of("daily", DAILY, 660, -0.25),
                Arguments.of("daily", DAILY, 599, -0.25),
                Arguments.of("daily", DAILY, 600 + 1440, 3.0),
                Arguments.of("cycle without own phases", new Headroom(0.4, 60, 5, Map.of()), 33, 0.4));
    }

    @ParameterizedTest(name = "{0} at minute {2} -> {3}")
    @MethodSource("phases")
    void givesAPhaseItsOwnHeadroomAndEveryOtherMinuteThePooledOne(String kind, Headroom h, int minuteOfDay,
                                                                   double expected) {
        assertThat(h.at(minuteOfDay)).isEqualTo(expected);
    }

    @Test
    void isPhasedOnlyWithPhasesOfItsOwn() {
        assertThat(UNIFORM.phased()).isFalse();
        assertThat(new Headroom(0.4, 60, 5, Map.of()).phased()).isFalse();
        assertThat(HOURLY.phased()).isTrue();
        assertThat(UNIFORM).isEqualTo(new Headroom(0.7, 0, 0, Map.of()));
    }

    @Test
    void keepsAnUnmodifiableCopyOfThePhases() {
        Map<Integer, Double> phases = new HashMap<>(Map.of(6, 3.0));
        Headroom h = new Headroom(0.5, 60, 5, phases);
        phases.put(7, 9.0);

        assertThat(h.byPhase()).isEqualTo(Map.of(6, 3.0));
        assertThatThrownBy(() -> h.byPhase().put(8, 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(Double.NaN, 0, 0, Map.of(), "headroom must be finite, got NaN and {}"),
                Arguments.of(Double.POSITIVE_INFINITY, 0, 0, Map.of(), "headroom must be finite, got Infinity and {}"),
                Arguments.of(0.5, 60, 5, Map.of(2, Double.NaN), "headroom must be finite, got 0.5 and {2=NaN}"),
                Arguments.of(0.5, 60, 7, Map.of(), "headroom phase bins of 7 min do not divide a cycle of 60 min"),
                Arguments.of(0.5, 60, 0, Map.of(), "headroom phase bins of 0 min do not divide a cycle of 60 min"),
                Arguments.of(0.5, -60, 5, Map.of(), "headroom phase bins of 5 min do not divide a cycle of -60 min"),
                Arguments.of(0.5, 0, 0, Map.of(2, 1.0), "headroom per phase needs a cycle"),
                Arguments.of(0.5, 60, 5, Map.of(12, 1.0), "headroom phase bin 12 is outside the 12 bins of a 60-min cycle"),
                Arguments.of(0.5, 1440, 60, Map.of(-1, 1.0),
                        "headroom phase bin -1 is outside the 24 bins of a 1440-min cycle"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("invalid")
    void refusesAHeadroomThatCannotApplyNamingTheFigures(double pooled, int period, int bin, Map<Integer, Double> phases,
                                                         String message) {
        assertThatThrownBy(() -> new Headroom(pooled, period, bin, phases))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}

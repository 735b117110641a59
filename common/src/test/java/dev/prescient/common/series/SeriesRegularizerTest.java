package dev.prescient.common.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesRegularizerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);

    private static RegularSeries onMinuteGrid(List<Sample> samples, int n) {
        return SeriesRegularizer.regularize(samples, T0, T0.plus(MIN.multipliedBy(n)), MIN, MIN, GapPolicy.defaults());
    }

    @Test
    void fillsAThreeMinuteGapLinearly() {
        List<Sample> samples = List.of(new Sample(T0, 10), new Sample(T0.plus(MIN.multipliedBy(4)), 50));
        RegularSeries r = onMinuteGrid(samples, 5);
        assertThat(r.series().values()).containsExactly(10, 20, 30, 40, 50);
        assertThat(r.quality().interpolatedSteps()).isEqualTo(3);
        assertThat(r.quality().gapSteps()).isZero();
    }

    @Test
    void fillsAGapOfExactlyTheLimit() {
        List<Sample> samples = List.of(new Sample(T0, 0), new Sample(T0.plus(MIN.multipliedBy(6)), 60));
        RegularSeries r = onMinuteGrid(samples, 7);
        assertThat(r.series().values()).containsExactly(0, 10, 20, 30, 40, 50, 60);
    }

    @Test
    void keepsATwentyMinuteGapAsGaps() {
        List<Sample> samples = List.of(new Sample(T0, 5), new Sample(T0.plus(MIN.multipliedBy(21)), 7));
        RegularSeries r = onMinuteGrid(samples, 22);
        TimeSeries s = r.series();
        assertThat(s.valueAt(0)).isEqualTo(5);
        assertThat(s.valueAt(21)).isEqualTo(7);
        for (int i = 1; i <= 20; i++) {
            assertThat(s.isGap(i)).as("step %d", i).isTrue();
        }
        assertThat(r.quality().gapSteps()).isEqualTo(20);
        assertThat(s.gapCount()).isEqualTo(20);
    }

    @Test
    void dropsNonFiniteSamplesAndCountsThem() {
        List<Sample> samples = List.of(new Sample(T0, 1), new Sample(T0.plus(MIN), Double.NaN),
                new Sample(T0.plus(MIN.multipliedBy(2)), Double.POSITIVE_INFINITY),
                new Sample(T0.plus(MIN.multipliedBy(3)), 4));
        RegularSeries r = onMinuteGrid(samples, 4);
        assertThat(r.quality().droppedNonFinite()).isEqualTo(2);
        assertThat(r.series().values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void averagesSamplesFallingInOneStep() {
        Duration fiveMin = Duration.ofMinutes(5);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(new Sample(T0.plus(MIN.multipliedBy(i)), i));
        }
        RegularSeries r = SeriesRegularizer.regularize(samples, T0, T0.plus(Duration.ofMinutes(10)), fiveMin, MIN,
                GapPolicy.defaults());
        assertThat(r.series().values()).containsExactly(2.0, 7.0);
    }

    @Test
    void interpolatesACoarserInputWithoutCallingItGaps() {
        Duration fiveMin = Duration.ofMinutes(5);
        List<Sample> samples = List.of(new Sample(T0, 0), new Sample(T0.plus(fiveMin), 50),
                new Sample(T0.plus(fiveMin.multipliedBy(2)), 100));
        RegularSeries r = SeriesRegularizer.regularize(samples, T0, T0.plus(Duration.ofMinutes(11)), MIN, fiveMin,
                GapPolicy.defaults());
        double[] v = r.series().values();
        for (int i = 0; i <= 10; i++) {
            assertThat(v[i]).as("minute %d", i).isCloseTo(10.0 * i, within(1e-9));
        }
        assertThat(r.quality().gapSteps()).isZero();
    }

    @Test
    void leavesStepsBeforeTheFirstAndAfterTheLastSampleAsGaps() {
        List<Sample> samples = List.of(new Sample(T0.plus(MIN), 3), new Sample(T0.plus(MIN.multipliedBy(2)), 4));
        RegularSeries r = onMinuteGrid(samples, 4);
        TimeSeries s = r.series();
        assertThat(s.isGap(0)).isTrue();
        assertThat(s.isGap(3)).isTrue();
        assertThat(s.valueAt(1)).isEqualTo(3);
    }

    @Test
    void countsSamplesOutsideTheRange() {
        List<Sample> samples = List.of(new Sample(T0.minus(MIN), 1), new Sample(T0, 2),
                new Sample(T0.plus(MIN.multipliedBy(3)), 9));
        RegularSeries r = onMinuteGrid(samples, 3);
        assertThat(r.quality().droppedOutOfRange()).isEqualTo(2);
        assertThat(r.quality().rawSamples()).isEqualTo(3);
    }

    static Stream<Arguments> gapLimits() {
        return Stream.of(
                Arguments.of(Duration.ZERO, 1, 1),
                Arguments.of(Duration.ZERO, 0, 0),
                Arguments.of(Duration.ofMinutes(2), 2, 0),
                Arguments.of(Duration.ofMinutes(2), 3, 3),
                Arguments.of(Duration.ofMinutes(10), 10, 0),
                Arguments.of(Duration.ofMinutes(10), 11, 11));
    }

    @ParameterizedTest(name = "limit {0}, {1} missing steps -> {2} gaps")
    @MethodSource("gapLimits")
    void appliesTheConfiguredGapLimit(Duration limit, int missing, int expectedGaps) {
        List<Sample> samples = List.of(new Sample(T0, 1), new Sample(T0.plus(MIN.multipliedBy(missing + 1L)), 1));
        RegularSeries r = SeriesRegularizer.regularize(samples, T0, T0.plus(MIN.multipliedBy(missing + 2L)), MIN, MIN,
                new GapPolicy(limit));
        assertThat(r.quality().gapSteps()).isEqualTo(expectedGaps);
        assertThat(r.quality().interpolatedSteps()).isEqualTo(missing - expectedGaps);
    }
}

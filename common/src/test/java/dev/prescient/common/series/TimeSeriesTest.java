package dev.prescient.common.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);

    @Test
    void isImmutable() {
        double[] raw = {1, 2, 3};
        TimeSeries s = new TimeSeries(T0, MIN, raw);
        raw[0] = 99;
        s.values()[1] = 99;
        assertThat(s.values()).containsExactly(1, 2, 3);
    }

    @Test
    void rejectsInfiniteValuesNamingTheTime() {
        assertThatThrownBy(() -> new TimeSeries(T0, MIN, new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-01-01T00:01:00Z")
                .hasMessageContaining("infinite");
    }

    @Test
    void rejectsANonPositiveStep() {
        assertThatThrownBy(() -> new TimeSeries(T0, Duration.ZERO, new double[0]))
                .hasMessageContaining("step must be positive");
    }

    @Test
    void slicesByTimeWithHalfOpenRanges() {
        TimeSeries s = new TimeSeries(T0, MIN, new double[] {0, 1, 2, 3, 4, 5});
        TimeSeries mid = s.between(T0.plus(MIN.multipliedBy(2)), T0.plus(MIN.multipliedBy(4)));
        assertThat(mid.values()).containsExactly(2, 3);
        assertThat(mid.start()).isEqualTo(T0.plus(MIN.multipliedBy(2)));
        assertThat(s.between(T0.minus(MIN), T0.plus(MIN.multipliedBy(99))).size()).isEqualTo(6);
        assertThat(s.end()).isEqualTo(T0.plus(MIN.multipliedBy(6)));
        assertThat(s.indexOf(T0.plus(Duration.ofSeconds(90)))).isEqualTo(1);
    }

    @Test
    void countsGaps() {
        TimeSeries s = new TimeSeries(T0, MIN, new double[] {1, Double.NaN, Double.NaN, 4});
        assertThat(s.gapCount()).isEqualTo(2);
        assertThat(s.isGap(1)).isTrue();
        assertThat(s.isGap(3)).isFalse();
    }
}

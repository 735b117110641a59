package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.accuracy.AccuracySnapshot;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AccuracyRangeTest {

    private static final Instant T = Instant.parse("2021-08-11T00:00:00Z");

    private static AccuracySnapshot day(int minute, double mase, double coverage) {
        return new AccuracySnapshot(T.plusSeconds(60L * minute), Duration.ofMinutes(1),
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, mase, coverage, 1440),
                AccuracySnapshot.Window.empty(AccuracySnapshot.HOUR));
    }

    @Test
    void keepsTheHighestMaseAndTheLowestCoverageWithTheirTimesAndSkipsNaN() {
        AccuracyRange r = AccuracyRange.none(AccuracySnapshot.DAY)
                .with(day(0, Double.NaN, 0.9))
                .with(day(5, 0.8, 0.95))
                .with(day(10, 1.1, 0.85))
                .with(day(15, Double.NaN, 0.88))
                .with(day(20, 0.9, 0.80));

        assertThat(r).isEqualTo(new AccuracyRange(AccuracySnapshot.DAY, 1.1, T.plusSeconds(600), 0.80,
                T.plusSeconds(1200), 5));
    }
}

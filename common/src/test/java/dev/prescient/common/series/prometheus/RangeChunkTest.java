package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RangeChunkTest {

    private static final Instant FROM = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    static Stream<Arguments> chunkSizes() {
        return Stream.of(
                Arguments.of(1L, List.of(1)),
                Arguments.of(10_999L, List.of(10_999)),
                Arguments.of(11_000L, List.of(11_000)),
                Arguments.of(11_001L, List.of(11_000, 1)),
                Arguments.of(20_160L, List.of(11_000, 9_160)),
                Arguments.of(22_000L, List.of(11_000, 11_000)),
                Arguments.of(22_001L, List.of(11_000, 11_000, 1)));
    }

    @ParameterizedTest(name = "{0} steps -> {1}")
    @MethodSource("chunkSizes")
    void splitsIntoChunksOfAtMostElevenThousandPoints(long steps, List<Integer> expectedPoints) {
        List<RangeChunk> chunks = RangeChunk.split(FROM, steps, MINUTE, RangeChunk.MAX_POINTS);

        assertThat(chunks).extracting(RangeChunk::points).containsExactlyElementsOf(expectedPoints);
    }

    @Test
    void chunksOfFourteenDaysAtOneMinuteTileTheGridWithoutOverlapOrMissingStep() {
        long steps = Duration.ofDays(14).dividedBy(MINUTE);

        List<RangeChunk> chunks = RangeChunk.split(FROM, steps, MINUTE, RangeChunk.MAX_POINTS);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).start()).isEqualTo(FROM);
        assertThat(chunks.get(0).end()).isEqualTo(FROM.plus(MINUTE.multipliedBy(10_999)));
        assertThat(chunks.get(1).start()).isEqualTo(chunks.get(0).end().plus(MINUTE));
        assertThat(chunks.get(1).end()).isEqualTo(Instant.parse("2021-08-14T23:59:00Z"));
        for (RangeChunk chunk : chunks) {
            long inclusivePoints = Duration.between(chunk.start(), chunk.end()).dividedBy(MINUTE) + 1;
            assertThat(inclusivePoints).isEqualTo(chunk.points());
        }
        assertThat(chunks.stream().mapToLong(RangeChunk::points).sum()).isEqualTo(20_160);
    }

    @ParameterizedTest(name = "{0} every {1} ms -> start={2} step={3}")
    @CsvSource({
            "2021-08-01T00:00:00Z,     60000, 1627776000.000, 60",
            "2021-08-01T00:00:00.123Z, 15000, 1627776000.123, 15",
            "1970-01-01T00:00:00Z,       500, 0.000,          0.5",
            "2021-08-01T00:00:00Z,      1500, 1627776000.000, 1.5",
            "2021-08-01T00:00:00Z,   3600000, 1627776000.000, 3600",
    })
    void formatsTimesAsUnixSecondsWithMillisecondDecimals(String start, long stepMs, String startParam,
                                                          String stepParam) {
        RangeChunk chunk = new RangeChunk(Instant.parse(start), Instant.parse(start), Duration.ofMillis(stepMs), 1);

        assertThat(chunk.startParam()).isEqualTo(startParam);
        assertThat(chunk.endParam()).isEqualTo(startParam);
        assertThat(chunk.stepParam()).isEqualTo(stepParam);
    }
}

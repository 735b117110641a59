package dev.prescient.common.series.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.RegularSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real trace in {@code prescient.traces.dir} reads cleanly at its native step. */
class TraceFilesTest {

    private static final Path TRACES = Path.of(System.getProperty("prescient.traces.dir", "../data/traces"));

    static Stream<Path> traceFiles() throws IOException {
        try (Stream<Path> files = Files.list(TRACES)) {
            List<Path> csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
            assertThat(csv).as("trace files in %s", TRACES).isNotEmpty();
            return csv.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traceFiles")
    void readsEveryTraceAtItsNativeStep(Path file) throws IOException {
        TraceHistorySource trace = new TraceHistorySource(file, GapPolicy.defaults());

        RegularSeries all = trace.readAll(trace.nativeStep());

        long rows;
        try (Stream<String> lines = Files.lines(file)) {
            rows = lines.skip(1).filter(l -> !l.isBlank()).count();
        }
        Duration step = trace.nativeStep();
        long span = Duration.between(trace.firstTimestamp(), trace.lastTimestamp()).toMillis();
        assertThat(step).isIn(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1));
        assertThat(all.series().size()).isEqualTo(span / step.toMillis() + 1);
        assertThat(all.quality().rawSamples()).isEqualTo(rows);
        assertThat(rows + all.quality().interpolatedSteps() + all.quality().gapSteps())
                .isEqualTo(all.series().size());
        assertThat(Arrays.stream(all.series().values())).allMatch(v -> Double.isNaN(v) || v >= 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "twitter-2021-08-per-minute.csv, PT1M, 31651, 2021-08-01T00:00:00Z",
            "nab-Twitter_volume_AAPL.csv, PT5M, 15902, 2015-02-26T21:42:53Z",
            "nab-Twitter_volume_AMZN.csv, PT5M, 15831, 2015-02-26T21:42:53Z",
            "nab-Twitter_volume_FB.csv, PT5M, 15833, 2015-02-26T21:42:53Z",
            "nab-Twitter_volume_GOOG.csv, PT5M, 15842, 2015-02-26T21:42:53Z",
            "nab-nyc_taxi.csv, PT30M, 10320, 2014-07-01T00:00:00Z",
            "nab-nyc_taxi-hourly-2014-10-11.csv, PT1H, 1464, 2014-10-01T00:00:00Z",
    })
    void detectsNativeStepAndPointCountOfKnownTraces(String name, Duration step, int points, Instant first) {
        TraceHistorySource trace = new TraceHistorySource(TRACES.resolve(name), GapPolicy.defaults());

        RegularSeries all = trace.readAll(trace.nativeStep());

        assertThat(trace.nativeStep()).isEqualTo(step);
        assertThat(trace.firstTimestamp()).isEqualTo(first);
        assertThat(trace.sampleCount()).isEqualTo(points);
        assertThat(all.series().size()).isEqualTo(points);
        assertThat(all.series().gapCount()).isZero();
    }
}

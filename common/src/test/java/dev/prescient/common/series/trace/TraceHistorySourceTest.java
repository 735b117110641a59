package dev.prescient.common.series.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceHistorySourceTest {

    private static final Path TRACES = Path.of(System.getProperty("prescient.traces.dir", "../data/traces"));
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void interpolatesAFiveMinuteTraceOnAOneMinuteGrid() {
        // first rows: 21:42:53 104, 21:47:53 100, 21:52:53 99
        TraceHistorySource aapl = source("nab-Twitter_volume_AAPL.csv");

        RegularSeries all = aapl.readAll(MINUTE);

        TimeSeries s = all.series();
        assertThat(s.start()).isEqualTo(Instant.parse("2015-02-26T21:42:53Z"));
        assertThat(Arrays.copyOf(s.values(), 11)).containsExactly(
                new double[] {104, 103.2, 102.4, 101.6, 100.8, 100, 99.8, 99.6, 99.4, 99.2, 99}, within(1e-9));
        assertThat(s.size()).isEqualTo((15_902 - 1) * 5 + 1);
        assertThat(all.quality()).isEqualTo(new SeriesQuality(15_902, 0, 0, 15_901 * 4, 0));
    }

    @Test
    void averagesAOneMinuteTraceOnAFiveMinuteGrid() {
        // 00:00-00:04: 2786 2711 2746 2821 2838; 00:05-00:09: 2863 2756 2730 2764 2850; last row 2503
        TraceHistorySource twitter = source("twitter-2021-08-per-minute.csv");

        TimeSeries s = twitter.readAll(FIVE_MINUTES).series();

        assertThat(s.start()).isEqualTo(T0);
        assertThat(s.size()).isEqualTo(31_650 / 5 + 1);
        assertThat(s.valueAt(0)).isCloseTo(13_902 / 5.0, within(1e-9));
        assertThat(s.valueAt(1)).isCloseTo(13_963 / 5.0, within(1e-9));
        assertThat(s.valueAt(s.size() - 1)).isEqualTo(2503);
    }

    @Test
    void averagesAHalfHourTraceOnAnHourGrid() {
        TraceHistorySource taxi = source("nab-nyc_taxi.csv");

        TimeSeries s = taxi.readAll(Duration.ofHours(1)).series();

        assertThat(s.start()).isEqualTo(Instant.parse("2014-07-01T00:00:00Z"));
        assertThat(s.valueAt(0)).isEqualTo((10_844 + 8_127) / 2.0);
        assertThat(s.valueAt(1)).isEqualTo((6_210 + 4_656) / 2.0);
        assertThat(s.size()).isEqualTo(10_320 / 2);
    }

    @Test
    void fillsAGapWithinThePolicyAndKeepsALongerOneAsGaps() throws Exception {
        // minutes 0..3 present, 4..6 missing (3 min), 7..9 present, 10..19 missing (10 min), 20..21 present
        int[] present = {0, 1, 2, 3, 7, 8, 9, 20, 21};
        TraceHistorySource trace = new TraceHistorySource(csv(present), new GapPolicy(FIVE_MINUTES));

        RegularSeries all = trace.readAll(MINUTE);

        double[] v = all.series().values();
        assertThat(v).hasSize(22);
        assertThat(Arrays.copyOfRange(v, 3, 8)).containsExactly(new double[] {3, 4, 5, 6, 7}, within(1e-9));
        assertThat(Arrays.copyOfRange(v, 10, 20)).containsOnly(Double.NaN);
        assertThat(v[9]).isEqualTo(9);
        assertThat(v[20]).isEqualTo(20);
        assertThat(all.quality()).isEqualTo(new SeriesQuality(9, 0, 0, 3, 10));
    }

    @Test
    void fetchesTheRequestedRangeAtTheRequestedStep() {
        TraceHistorySource twitter = source("twitter-2021-08-per-minute.csv");

        RegularSeries r = twitter.fetch(new HistoryQuery("ignored", T0.plus(FIVE_MINUTES),
                T0.plus(Duration.ofMinutes(15)), FIVE_MINUTES));

        assertThat(r.series().start()).isEqualTo(T0.plus(FIVE_MINUTES));
        // 00:05-00:09 sum 13963; 00:10-00:14: 2743 2779 2751 2847 2723 sum 13843
        assertThat(r.series().values()).containsExactly(new double[] {13_963 / 5.0, 13_843 / 5.0}, within(1e-9));
        assertThat(r.quality()).isEqualTo(new SeriesQuality(10, 0, 0, 0, 0));
    }

    @Test
    void fillsTheFirstStepsOfARangeFromTheSampleBeforeIt() {
        TraceHistorySource aapl = source("nab-Twitter_volume_AAPL.csv");
        Instant first = Instant.parse("2015-02-26T21:42:53Z");

        RegularSeries r = aapl.fetch(new HistoryQuery("ignored", first.plus(Duration.ofMinutes(2)),
                first.plus(Duration.ofMinutes(10)), MINUTE));

        // 21:44:53..21:51:53; the 21:52:53 sample is at the end of the range, so not used
        double[] v = r.series().values();
        assertThat(Arrays.copyOf(v, 4)).containsExactly(new double[] {102.4, 101.6, 100.8, 100}, within(1e-9));
        assertThat(Arrays.copyOfRange(v, 4, 8)).containsOnly(Double.NaN);
        assertThat(r.quality()).isEqualTo(new SeriesQuality(1, 0, 0, 3, 4));
    }

    @Test
    void fetchesASpanThatOverhangsTheFileWithGapsOutsideIt() {
        TraceHistorySource twitter = source("twitter-2021-08-per-minute.csv");

        RegularSeries r = twitter.fetch(new HistoryQuery("ignored", T0.minus(Duration.ofMinutes(2)),
                T0.plus(Duration.ofMinutes(2)), MINUTE));

        assertThat(r.series().values()).containsExactly(Double.NaN, Double.NaN, 2786, 2711);
        assertThat(r.quality().gapSteps()).isEqualTo(2);
    }

    @Test
    void refusesARangeOutsideTheFileNamingFileAndSpan() {
        TraceHistorySource twitter = source("twitter-2021-08-per-minute.csv");
        HistoryQuery query = new HistoryQuery("q", Instant.parse("2021-09-01T00:00:00Z"),
                Instant.parse("2021-09-02T00:00:00Z"), MINUTE);

        HistoryException e = catchThrowableOfType(HistoryException.class, () -> twitter.fetch(query));

        assertThat(e).hasMessage("cannot fetch 'q' over [2021-09-01T00:00:00Z, 2021-09-02T00:00:00Z) at PT1M from trace file "
                + twitter.file() + ": it covers [2021-08-01T00:00:00Z, 2021-08-22T23:31:00Z);"
                + " ask for a range that overlaps it");
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void readsTheFileOnceAndGivesTheSameAnswerEachTime() throws Exception {
        Path file = csv(new int[] {0, 1, 2});
        TraceHistorySource trace = new TraceHistorySource(file, GapPolicy.defaults());
        RegularSeries before = trace.readAll(MINUTE);

        Files.delete(file);

        assertThat(trace.readAll(MINUTE)).isEqualTo(before);
    }

    private static TraceHistorySource source(String name) {
        return new TraceHistorySource(TRACES.resolve(name), GapPolicy.defaults());
    }

    /** A 1-minute trace with a row at each given minute, valued as the minute. */
    private Path csv(int[] minutes) throws Exception {
        String rows = Arrays.stream(minutes).mapToObj(m -> T0.plus(Duration.ofMinutes(m)) + "," + m)
                .collect(Collectors.joining("\n"));
        return Files.writeString(dir.resolve("gappy.csv"), "timestamp,value\n" + rows + "\n");
    }
}

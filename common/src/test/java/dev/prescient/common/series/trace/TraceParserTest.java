package dev.prescient.common.series.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParserTest {

    private static final String HEAD = "timestamp,value\n2021-08-01T00:00:00Z,10\n";
    private static final String TIMESTAMP_FORMS = "; use ISO-8601 (2021-08-01T00:00:00Z; without an offset it is UTC),"
            + " 'yyyy-MM-dd HH:mm:ss' (UTC) or Unix time in seconds or milliseconds";

    @TempDir
    Path dir;

    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                arguments("empty file", "",
                        "file is empty; expected the header 'timestamp,value' and one row per sample"),
                arguments("no header", "2021-08-01T00:00:00Z,10\n2021-08-01T00:01:00Z,11\n",
                        "line 1: expected the header 'timestamp,value', got '2021-08-01T00:00:00Z,10'"),
                arguments("other header", "time,rps\n2021-08-01T00:00:00Z,10\n",
                        "line 1: expected the header 'timestamp,value', got 'time,rps'"),
                arguments("header only", "timestamp,value\n", "0 data rows; at least 2 are needed to detect the step"),
                arguments("one row", HEAD, "1 data row; at least 2 are needed to detect the step"),
                arguments("three columns", HEAD + "2021-08-01T00:01:00Z,11,x\n",
                        "line 3: expected 2 columns (timestamp,value), got 3"),
                arguments("one column", HEAD + "2021-08-01T00:01:00Z\n",
                        "line 3: expected 2 columns (timestamp,value), got 1"),
                arguments("time without date", HEAD + "00:01:00,11\n",
                        "line 3: cannot parse timestamp '00:01:00'" + TIMESTAMP_FORMS),
                arguments("day first", HEAD + "01/08/2021 00:01,11\n",
                        "line 3: cannot parse timestamp '01/08/2021 00:01'" + TIMESTAMP_FORMS),
                arguments("no such day", "timestamp,value\n2021-02-28 00:00:00,1\n2021-02-30 00:00:00,2\n",
                        "line 3: cannot parse timestamp '2021-02-30 00:00:00'" + TIMESTAMP_FORMS),
                arguments("negative Unix time", HEAD + "-1627776060,11\n",
                        "line 3: cannot parse timestamp '-1627776060'" + TIMESTAMP_FORMS),
                arguments("word for value", HEAD + "2021-08-01T00:01:00Z,eleven\n",
                        "line 3: cannot parse value 'eleven' as a number (leave it empty for a gap)"),
                arguments("infinite value", HEAD + "2021-08-01T00:01:00Z,Infinity\n",
                        "line 3: cannot parse value 'Infinity' as a number (leave it empty for a gap)"),
                arguments("huge value", HEAD + "2021-08-01T00:01:00Z,1e400\n",
                        "line 3: value 1e400 is too large for a double"),
                arguments("negative value", HEAD + "2021-08-01T00:01:00Z,-2\n",
                        "line 3: value -2 is negative; a rate cannot be"),
                arguments("only gaps besides one row", HEAD + "2021-08-01T00:01:00Z,\n2021-08-01T00:02:00Z,NaN\n",
                        "1 data row; at least 2 are needed to detect the step (2 rows have no value (first on line"
                                + " 3); read as gaps)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void rejectsMalformedFileNamingFileLineAndReason(String description, String content, String reason)
            throws Exception {
        Path file = write(content);

        HistoryException e = catchThrowableOfType(HistoryException.class,
                () -> new TraceHistorySource(file, GapPolicy.defaults()));

        assertThat(e).hasMessage("cannot read trace file " + file + ": " + reason);
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void reportsAMissingFileWithItsPath() {
        Path missing = dir.resolve("missing.csv");

        HistoryException e = catchThrowableOfType(HistoryException.class,
                () -> new TraceHistorySource(missing, GapPolicy.defaults()));

        assertThat(e).hasMessage("cannot read trace file " + missing + ": no such file; check the path");
    }

    @Test
    void acceptsBothTimestampFormsOffsetsBlankLinesSpacesAndWindowsLineEnds() throws Exception {
        Path file = write("\uFEFFtimestamp, value\r\n"
                + "2021-08-01 00:00:00,1\r\n"
                + "\r\n"
                + "2021-08-01T02:01:00+02:00 , 2.5\r\n"
                + "2021-08-01T00:02:00.000Z,1e1\r\n");

        TraceHistorySource trace = new TraceHistorySource(file, GapPolicy.defaults());

        assertThat(trace.sampleCount()).isEqualTo(3);
        assertThat(trace.firstTimestamp()).isEqualTo(Instant.parse("2021-08-01T00:00:00Z"));
        assertThat(trace.lastTimestamp()).isEqualTo(Instant.parse("2021-08-01T00:02:00Z"));
        assertThat(trace.nativeStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(trace.readAll(Duration.ofMinutes(1)).series().values()).containsExactly(1, 2.5, 10);
    }

    @Test
    void takesTheMedianSpacingAsNativeStepDespiteGapsAndJitter() throws Exception {
        Path file = write("timestamp,value\n"
                + "2021-08-01T00:00:00Z,1\n"
                + "2021-08-01T00:05:00Z,1\n"
                + "2021-08-01T00:10:02Z,1\n"
                + "2021-08-01T00:15:00Z,1\n"
                + "2021-08-01T01:00:00Z,1\n"
                + "2021-08-01T01:05:00Z,1\n");

        assertThat(new TraceHistorySource(file, GapPolicy.defaults()).nativeStep()).isEqualTo(Duration.ofMinutes(5));
    }

    static Stream<Arguments> timestampForms() {
        return Stream.of(
                arguments("ISO with Z", "2021-08-01T00:01:00Z"),
                arguments("ISO with an offset", "2021-08-01T02:01:00+02:00"),
                arguments("ISO with a compact offset", "2021-08-01T02:01:00+0200"),
                arguments("ISO with fractions", "2021-08-01T00:01:00.000Z"),
                arguments("ISO without an offset (UTC)", "2021-08-01T00:01:00"),
                arguments("ISO without seconds", "2021-08-01T00:01"),
                arguments("space for T (NAB)", "2021-08-01 00:01:00"),
                arguments("space for T with an offset", "2021-08-01 00:01:00+00:00"),
                arguments("space for T without seconds", "2021-08-01 00:01"),
                arguments("Unix seconds", "1627776060"),
                arguments("Unix seconds with fractions (Prometheus)", "1627776060.000"),
                arguments("Unix milliseconds", "1627776060000"),
                arguments("quoted", "\"2021-08-01 00:01:00\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestampForms")
    void readsEachTimestampFormAsTheSameInstant(String description, String timestamp) throws Exception {
        Path file = write(HEAD + timestamp + ",11\n");

        TraceHistorySource trace = new TraceHistorySource(file, GapPolicy.defaults());

        assertThat(trace.lastTimestamp()).isEqualTo(Instant.parse("2021-08-01T00:01:00Z"));
        assertThat(trace.nativeStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(trace.notes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "NaN", "nan", "null", "NA", "N/A", "none", "\"\""})
    void aRowWithoutAValueIsAGapLikeAMissingRow(String missing) throws Exception {
        Path file = write(HEAD + "2021-08-01T00:01:00Z," + missing + "\n2021-08-01T00:02:00Z,12\n"
                + "2021-08-01T00:03:00Z,13\n2021-08-01T00:04:00Z,14\n");

        TraceHistorySource trace = new TraceHistorySource(file, new GapPolicy(Duration.ZERO));

        assertThat(trace.sampleCount()).isEqualTo(4);
        assertThat(trace.nativeStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(trace.readAll(Duration.ofMinutes(1)).series().isGap(1)).isTrue();
        assertThat(trace.notes()).containsExactly("1 row has no value (first on line 3); read as gaps");
    }

    @Test
    void sortsRowsOutOfOrderAndAveragesRepeatedTimestamps() throws Exception {
        Path file = write("timestamp,value\n"
                + "2021-08-01T00:03:00Z,30\n"
                + "2021-08-01T00:01:00Z,10\n"
                + "2021-08-01T00:02:00Z,20\n"
                + "2021-08-01T00:01:00Z,14\n"
                + "2021-08-01T00:00:00Z,1\n"
                + "2021-08-01T00:01:00Z,12\n");

        TraceHistorySource trace = new TraceHistorySource(file, GapPolicy.defaults());

        assertThat(trace.sampleCount()).isEqualTo(4);
        assertThat(trace.readAll(Duration.ofMinutes(1)).series().values()).containsExactly(1, 12, 20, 30);
        assertThat(trace.notes()).containsExactly(
                "rows are not in time order (line 3 at 2021-08-01T00:01:00Z is before line 2 at"
                        + " 2021-08-01T00:03:00Z); read sorted by time",
                "2 rows repeat an earlier row's timestamp (first: line 5 repeats line 3); the values of a timestamp"
                        + " are averaged");
    }

    @Test
    void aCleanFileHasNoNotes() throws Exception {
        Path file = write(HEAD + "2021-08-01T00:01:00Z,11\n");

        assertThat(new TraceHistorySource(file, GapPolicy.defaults()).notes()).isEmpty();
    }

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("trace.csv"), content);
    }
}

package dev.prescient.common.series.trace;

import dev.prescient.common.series.HistoryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;

/**
 * Reads a trace CSV: a header {@code timestamp,value}, then one row per sample. Timestamps are
 * ISO-8601 with an offset ({@code 2021-08-01T00:00:00Z}) or {@code yyyy-MM-dd HH:mm:ss} taken as
 * UTC; values are plain decimal numbers ({@code 12}, {@code 0.5}, {@code 1e3}), not negative, no
 * NaN (leave the row out to mark a gap); rows are strictly increasing in time. Blank lines
 * are skipped; a missing row is a gap. Any other content is rejected naming the file and line.
 */
final class TraceParser {

    static final String HEADER = "timestamp,value";

    private static final DateTimeFormatter PLAIN_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private final Path file;
    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private int count;
    private int previousLine;

    private TraceParser(Path file) {
        this.file = file;
    }

    /**
     * @throws HistoryException (not transient) naming the file and line of the first bad row
     */
    static ParsedTrace parse(Path file) {
        return new TraceParser(file).read();
    }

    private ParsedTrace read() {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            readHeader(in.readLine());
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    addRow(line, lineNumber);
                }
            }
        } catch (NoSuchFileException e) {
            throw error("no such file; check the path");
        } catch (IOException e) {
            throw new HistoryException("cannot read trace file " + file + ": " + e.getMessage(), false, e);
        }
        if (count < 2) {
            throw error(count + (count == 1 ? " data row" : " data rows")
                    + "; at least 2 are needed to detect the step");
        }
        long[] t = Arrays.copyOf(times, count);
        return new ParsedTrace(t, Arrays.copyOf(values, count), medianSpacing(t));
    }

    private void readHeader(String line) {
        if (line == null) {
            throw error("file is empty; expected the header '" + HEADER + "' and one row per sample");
        }
        String header = line.replace("\uFEFF", "").replace(" ", "");
        if (!header.equalsIgnoreCase(HEADER)) {
            throw error("line 1: expected the header '" + HEADER + "', got '" + line + "'");
        }
    }

    private void addRow(String line, int lineNumber) {
        String[] columns = line.split(",", -1);
        if (columns.length != 2) {
            throw error("line " + lineNumber + ": expected 2 columns (" + HEADER + "), got " + columns.length);
        }
        long time = parseTime(columns[0].strip(), lineNumber);
        double value = parseValue(columns[1].strip(), lineNumber);
        checkOrder(time, lineNumber);
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        times[count] = time;
        values[count] = value;
        count++;
        previousLine = lineNumber;
    }

    private void checkOrder(long time, int lineNumber) {
        if (count == 0 || time > times[count - 1]) {
            return;
        }
        String at = "line " + lineNumber + ": timestamp " + Instant.ofEpochMilli(time);
        if (time == times[count - 1]) {
            throw error(at + " repeats line " + previousLine + "; keep one row per timestamp");
        }
        throw error(at + " is before " + Instant.ofEpochMilli(times[count - 1]) + " on line " + previousLine
                + "; sort the rows by time");
    }

    private long parseTime(String text, int lineNumber) {
        try {
            Instant t = text.indexOf('T') >= 0 ? OffsetDateTime.parse(text).toInstant()
                    : LocalDateTime.parse(text, PLAIN_UTC).toInstant(ZoneOffset.UTC);
            return t.toEpochMilli();
        } catch (DateTimeParseException e) {
            throw error("line " + lineNumber + ": cannot parse timestamp '" + text + "'; use ISO-8601 with an offset"
                    + " (2021-08-01T00:00:00Z) or 'yyyy-MM-dd HH:mm:ss' (taken as UTC)");
        }
    }

    private double parseValue(String text, int lineNumber) {
        double value;
        try {
            value = new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            throw error("line " + lineNumber + ": cannot parse value '" + text + "' as a number");
        }
        if (!Double.isFinite(value)) {
            throw error("line " + lineNumber + ": value " + text + " is too large for a double");
        }
        if (value < 0) {
            throw error("line " + lineNumber + ": value " + text + " is negative; a rate cannot be");
        }
        return value;
    }

    /** The median spacing (the lower middle one for an even count, so it is a spacing that occurs). */
    private static Duration medianSpacing(long[] t) {
        long[] spacing = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            spacing[i - 1] = t[i] - t[i - 1];
        }
        Arrays.sort(spacing);
        return Duration.ofMillis(spacing[(spacing.length - 1) / 2]);
    }

    private HistoryException error(String what) {
        return new HistoryException("cannot read trace file " + file + ": " + what, false);
    }
}

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
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a trace CSV: a header {@code timestamp,value}, then one row per sample. Real exports are messy, and a file
 * is read as it comes rather than cleaned by hand first:
 * <ul>
 *   <li>timestamps are ISO-8601 with or without an offset ({@code 2021-08-01T00:00:00Z}, {@code
 *       2021-08-01T02:00:00+02:00}, {@code 2021-08-01T00:00}), the same with a space for the {@code T} ({@code
 *       2021-08-01 00:00:00}, NAB's form), or Unix time in seconds (Prometheus' form, fractions allowed) or, from 12
 *       digits on, milliseconds; a timestamp without an offset is UTC;</li>
 *   <li>values are plain decimal numbers ({@code 12}, {@code 0.5}, {@code 1e3}), not negative; an empty value,
 *       {@code NaN}, {@code null}, {@code NA} or {@code N/A} is a gap, like a missing row;</li>
 *   <li>rows out of time order are sorted, and rows that repeat a timestamp are averaged into one;</li>
 *   <li>blank lines are skipped; fields may be quoted.</li>
 * </ul>
 * Each of the last three is reported as a {@link ParsedTrace#notes() note} naming the first line concerned. Any
 * other content is rejected naming the file, the line and what to do.
 */
final class TraceParser {

    static final String HEADER = "timestamp,value";

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern UNIX_TIME = Pattern.compile("\\d+(\\.\\d+)?");
    /** Unix times with this many integer digits or more are milliseconds (seconds reach 12 digits in year 5138). */
    private static final int MILLISECOND_DIGITS = 12;
    private static final Set<String> MISSING = Set.of("", "nan", "null", "na", "n/a", "none");
    static final String TIMESTAMP_FORMS = "use ISO-8601 (2021-08-01T00:00:00Z; without an offset it is UTC),"
            + " 'yyyy-MM-dd HH:mm:ss' (UTC) or Unix time in seconds or milliseconds";

    private final Path file;
    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private int[] lines = new int[1024];
    private int count;
    private int missing;
    private int firstMissingLine;

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
        List<String> notes = new ArrayList<>();
        if (missing > 0) {
            notes.add(missing + (missing == 1 ? " row has" : " rows have") + " no value (first on line "
                    + firstMissingLine + "); read as gaps");
        }
        sortByTime(notes);
        mergeRepeats(notes);
        if (count < 2) {
            throw error(count + (count == 1 ? " data row" : " data rows") + "; at least 2 are needed to detect the step"
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        long[] t = Arrays.copyOf(times, count);
        return new ParsedTrace(t, Arrays.copyOf(values, count), medianSpacing(t), List.copyOf(notes));
    }

    private void readHeader(String line) {
        if (line == null) {
            throw error("file is empty; expected the header '" + HEADER + "' and one row per sample");
        }
        String header = line.replace("\uFEFF", "").replace(" ", "").replace("\"", "");
        if (!header.equalsIgnoreCase(HEADER)) {
            throw error("line 1: expected the header '" + HEADER + "', got '" + line + "'");
        }
    }

    private void addRow(String line, int lineNumber) {
        String[] columns = line.split(",", -1);
        if (columns.length != 2) {
            throw error("line " + lineNumber + ": expected 2 columns (" + HEADER + "), got " + columns.length);
        }
        long time = parseTime(unquote(columns[0]), lineNumber);
        String valueText = unquote(columns[1]);
        if (MISSING.contains(valueText.toLowerCase(Locale.ROOT))) {
            if (missing++ == 0) {
                firstMissingLine = lineNumber;
            }
            return;
        }
        double value = parseValue(valueText, lineNumber);
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            values = Arrays.copyOf(values, count * 2);
            lines = Arrays.copyOf(lines, count * 2);
        }
        times[count] = time;
        values[count] = value;
        lines[count] = lineNumber;
        count++;
    }

    private static String unquote(String field) {
        String s = field.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }

    /** Sorts the rows by time, stably (rows that repeat a timestamp keep their order), when they are not. */
    private void sortByTime(List<String> notes) {
        int firstBack = -1;
        for (int i = 1; i < count && firstBack < 0; i++) {
            if (times[i] < times[i - 1]) {
                firstBack = i;
            }
        }
        if (firstBack < 0) {
            return;
        }
        notes.add("rows are not in time order (line " + lines[firstBack] + " at " + Instant.ofEpochMilli(times[firstBack])
                + " is before line " + lines[firstBack - 1] + " at " + Instant.ofEpochMilli(times[firstBack - 1])
                + "); read sorted by time");
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long[] t = new long[count];
        double[] v = new double[count];
        int[] l = new int[count];
        for (int i = 0; i < count; i++) {
            t[i] = times[order[i]];
            v[i] = values[order[i]];
            l[i] = lines[order[i]];
        }
        times = t;
        values = v;
        lines = l;
    }

    /** Averages the rows of each repeated timestamp into one (the rows are sorted by time). */
    private void mergeRepeats(List<String> notes) {
        int kept = 0;
        int repeats = 0;
        int firstRepeatLine = 0;
        int firstRepeatedLine = 0;
        for (int i = 0; i < count; ) {
            int j = i + 1;
            double sum = values[i];
            while (j < count && times[j] == times[i]) {
                if (repeats++ == 0) {
                    firstRepeatLine = lines[j];
                    firstRepeatedLine = lines[i];
                }
                sum += values[j];
                j++;
            }
            times[kept] = times[i];
            values[kept] = sum / (j - i);
            lines[kept] = lines[i];
            kept++;
            i = j;
        }
        count = kept;
        if (repeats > 0) {
            notes.add(repeats + (repeats == 1 ? " row repeats" : " rows repeat") + " an earlier row's timestamp (first: line "
                    + firstRepeatLine + " repeats line " + firstRepeatedLine + "); the values of a timestamp are averaged");
        }
    }

    private long parseTime(String text, int lineNumber) {
        try {
            if (UNIX_TIME.matcher(text).matches()) {
                BigDecimal number = new BigDecimal(text);
                boolean millis = text.indexOf('.') < 0 ? text.length() >= MILLISECOND_DIGITS
                        : text.indexOf('.') >= MILLISECOND_DIGITS;
                return (millis ? number : number.movePointRight(3)).longValueExact();
            }
            TemporalAccessor parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            Instant t = parsed instanceof OffsetDateTime o ? o.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return t.toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw error("line " + lineNumber + ": cannot parse timestamp '" + text + "'; " + TIMESTAMP_FORMS);
        }
    }

    private double parseValue(String text, int lineNumber) {
        double value;
        try {
            value = new BigDecimal(text).doubleValue();
        } catch (NumberFormatException e) {
            throw error("line " + lineNumber + ": cannot parse value '" + text + "' as a number (leave it empty for a"
                    + " gap)");
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

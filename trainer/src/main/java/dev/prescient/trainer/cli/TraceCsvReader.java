package dev.prescient.trainer.cli;

import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.Sample;
import dev.prescient.common.series.SeriesRegularizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal reader of the trace CSV files ({@code timestamp,value}; timestamps ISO-8601 instants or
 * {@code yyyy-MM-dd HH:mm:ss} in UTC), put on an even grid by {@link SeriesRegularizer}.
 *
 * <p>TODO: replace with TraceHistorySource (written in parallel) when merging.
 */
final class TraceCsvReader {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TraceCsvReader() {
    }

    /**
     * Reads the trace and regularises it to {@code step}, from {@code from} (or the first sample) to
     * {@code to} (or just past the last sample).
     */
    static RegularSeries read(Path file, Duration step, Instant from, Instant to) {
        List<Sample> samples = samples(file);
        if (samples.size() < 2) {
            throw new IllegalArgumentException("cannot read trace " + file + ": it has " + samples.size()
                    + " samples, needs at least 2");
        }
        Instant start = from != null ? from : samples.get(0).time();
        Instant end = to != null ? to : samples.get(samples.size() - 1).time().plus(step);
        return SeriesRegularizer.regularize(samples, start, end, step, nativeInterval(samples), GapPolicy.defaults());
    }

    static List<Sample> samples(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
        List<Sample> samples = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty()) {
                samples.add(parse(file, i + 1, line));
            }
        }
        samples.sort((a, b) -> a.time().compareTo(b.time()));
        return samples;
    }

    private static Sample parse(Path file, int lineNumber, String line) {
        int comma = line.indexOf(',');
        try {
            return new Sample(time(line.substring(0, comma).trim()), Double.parseDouble(line.substring(comma + 1).trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read trace " + file + " line " + lineNumber + " '" + line
                    + "': expected timestamp,value", e);
        }
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text, LOCAL).toInstant(ZoneOffset.UTC);
        }
    }

    /** The median distance between consecutive samples. */
    static Duration nativeInterval(List<Sample> samples) {
        long[] gaps = new long[samples.size() - 1];
        for (int i = 1; i < samples.size(); i++) {
            gaps[i - 1] = Duration.between(samples.get(i - 1).time(), samples.get(i).time()).toMillis();
        }
        Arrays.sort(gaps);
        return Duration.ofMillis(gaps[gaps.length / 2]);
    }
}

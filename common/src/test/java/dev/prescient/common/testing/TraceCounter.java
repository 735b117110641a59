package dev.prescient.common.testing;

import dev.prescient.common.series.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a per-minute trace ({@code timestamp,value}: {@code value} requests during
 * [timestamp, timestamp + 1 minute)) into the samples of a Prometheus counter, as a scrape every
 * minute would have seen them: a sample at the start of the first minute with value 0, then one
 * at the end of each minute {@code i} whose value is the number of requests in minutes 0..i.
 * So the counter's value at time T is the number of requests before T, and
 * {@code (value(T2) - value(T1)) / (T2 - T1)} is the trace's mean per-second rate over [T1, T2).
 */
public final class TraceCounter {

    private TraceCounter() {
    }

    /** The directory of the shared traces, from the {@code prescient.traces.dir} system property. */
    public static Path tracesDir() {
        String dir = System.getProperty("prescient.traces.dir");
        if (dir == null) {
            throw new IllegalStateException("system property prescient.traces.dir is not set; run the tests "
                    + "through Maven (the parent pom sets it) or pass -Dprescient.traces.dir=data/traces");
        }
        return Path.of(dir);
    }

    /** Reads the trace rows in [from, to); the file must be in time order. */
    public static List<Sample> readPerMinute(Path csv, Instant from, Instant to) {
        try {
            List<Sample> rows = new ArrayList<>();
            for (String line : Files.readAllLines(csv)) {
                if (line.isBlank() || line.startsWith("timestamp")) {
                    continue;
                }
                int comma = line.indexOf(',');
                Instant time = Instant.parse(line.substring(0, comma).trim());
                if (!time.isBefore(from) && time.isBefore(to)) {
                    rows.add(new Sample(time, Double.parseDouble(line.substring(comma + 1).trim())));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + csv, e);
        }
    }

    /**
     * The counter samples of consecutive per-minute rows: {@code rows.size() + 1} samples.
     *
     * @throws IllegalArgumentException when rows are not exactly one minute apart
     */
    public static List<Sample> counter(List<Sample> perMinute) {
        List<Sample> samples = new ArrayList<>(perMinute.size() + 1);
        if (perMinute.isEmpty()) {
            return samples;
        }
        samples.add(new Sample(perMinute.get(0).time(), 0));
        double total = 0;
        for (int i = 0; i < perMinute.size(); i++) {
            Sample row = perMinute.get(i);
            if (i > 0 && !row.time().equals(perMinute.get(i - 1).time().plus(Duration.ofMinutes(1)))) {
                throw new IllegalArgumentException("trace rows must be one minute apart; " + row.time()
                        + " follows " + perMinute.get(i - 1).time());
            }
            total += row.value();
            samples.add(new Sample(row.time().plus(Duration.ofMinutes(1)), total));
        }
        return samples;
    }
}
